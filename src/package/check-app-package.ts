import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateManifest } from 'office-addin-manifest';
import { readPngHeader } from './png-image';

/** One thing wrong with the app package; `code` is stable, `message` says where and what. */
export interface PackageProblem {
  code: 'manifest_unreadable' | 'placeholder_left' | 'schema' | 'icon_missing' | 'icon_size' | 'icon_not_transparent' | 'addin';
  message: string;
}

/** Where {@link checkAppPackage} looks. */
export interface AppPackageLocation {
  /** The filled manifest.json; its `icons` are relative to its folder. */
  manifestPath: string;
  /** The folder whose files the server serves at `/icons/` (the ribbon icons' URLs end in their file names). */
  ribbonIconsDir: string;
}

interface IconRef {
  size: number;
  url: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function checkPng(file: string, label: string, expectedPx: number, needsAlpha: boolean): PackageProblem[] {
  if (!existsSync(file)) return [{ code: 'icon_missing', message: `${label}: ${file} does not exist` }];
  try {
    const header = readPngHeader(readFileSync(file));
    const problems: PackageProblem[] = [];
    if (header.width !== expectedPx || header.height !== expectedPx) {
      problems.push({ code: 'icon_size', message: `${label}: ${path.basename(file)} is ${header.width}×${header.height}, must be ${expectedPx}×${expectedPx}` });
    }
    if (needsAlpha && header.colorType !== 6 && header.colorType !== 4) {
      problems.push({ code: 'icon_not_transparent', message: `${label}: ${path.basename(file)} has no alpha channel; the outline icon needs a transparent background` });
    }
    return problems;
  } catch (error) {
    return [{ code: 'icon_missing', message: `${label}: ${file} is not a PNG (${(error as Error).message})` }];
  }
}

/** Ribbon groups and controls of every extension, with their icons. */
function ribbonIcons(manifest: Record<string, unknown>): { owner: string; icons: IconRef[] }[] {
  const found: { owner: string; icons: IconRef[] }[] = [];
  for (const extension of records(manifest.extensions)) {
    for (const ribbon of records(extension.ribbons)) {
      for (const tab of records(ribbon.tabs)) {
        for (const group of records(tab.groups)) {
          found.push({ owner: `ribbon group ${String(group.id)}`, icons: records(group.icons) as unknown as IconRef[] });
          for (const control of records(group.controls)) {
            found.push({ owner: `ribbon control ${String(control.id)}`, icons: records(control.icons) as unknown as IconRef[] });
          }
        }
      }
    }
  }
  return found;
}

/** What the Outlook add-in needs beyond the schema: a mailRead button that opens a task pane on Mailbox 1.8. */
function checkAddIn(manifest: Record<string, unknown>): PackageProblem[] {
  const problems: PackageProblem[] = [];
  const extension = records(manifest.extensions)[0];
  if (!extension) return [{ code: 'addin', message: 'extensions: the Outlook add-in (a mail extension) is missing' }];
  const requirements = isRecord(extension.requirements) ? extension.requirements : {};
  const scopes = Array.isArray(requirements.scopes) ? requirements.scopes : [];
  if (!scopes.includes('mail')) problems.push({ code: 'addin', message: 'extensions[0].requirements.scopes must include "mail"' });
  const mailbox = records(requirements.capabilities).find((c) => c.name === 'Mailbox');
  const [major, minor] = String(mailbox?.minVersion ?? '0.0').split('.').map(Number);
  if (!mailbox || (major ?? 0) < 1 || ((major ?? 0) === 1 && (minor ?? 0) < 8)) {
    problems.push({ code: 'addin', message: 'extensions[0].requirements.capabilities needs Mailbox 1.8 (item categories)' });
  }
  const openPageActions = new Set(
    records(extension.runtimes).flatMap((runtime) => records(runtime.actions).filter((a) => a.type === 'openPage').map((a) => String(a.id))),
  );
  const readRibbons = records(extension.ribbons).filter((r) => Array.isArray(r.contexts) && r.contexts.includes('mailRead'));
  const controls = readRibbons.flatMap((r) => records(r.tabs).flatMap((t) => records(t.groups).flatMap((g) => records(g.controls))));
  if (!controls.some((c) => openPageActions.has(String(c.actionId)))) {
    problems.push({ code: 'addin', message: 'no mailRead ribbon button opens the task pane (actionId of an openPage action)' });
  }
  const rsc = isRecord(manifest.authorization) && isRecord(manifest.authorization.permissions) ? records(manifest.authorization.permissions.resourceSpecific) : [];
  if (!rsc.some((p) => p.name === 'MailboxItem.ReadWrite.User' && p.type === 'Delegated')) {
    problems.push({ code: 'addin', message: 'authorization.permissions.resourceSpecific needs MailboxItem.ReadWrite.User (Delegated) to set categories' });
  }
  const webApp = isRecord(manifest.webApplicationInfo) ? manifest.webApplicationInfo : undefined;
  if (!webApp || records(webApp.nestedAppAuthInfo).length === 0) {
    problems.push({ code: 'addin', message: 'webApplicationInfo.nestedAppAuthInfo is missing (Nested App Authentication)' });
  }
  const domains = Array.isArray(manifest.validDomains) ? manifest.validDomains.map(String) : [];
  const urls = JSON.stringify(manifest).match(/https:\/\/[^"/\\]+/g) ?? [];
  for (const host of new Set(urls.map((u) => u.slice('https://'.length)))) {
    if (host.endsWith('microsoft.com')) continue; // the $schema
    if (!domains.includes(host)) problems.push({ code: 'addin', message: `validDomains does not list ${host}, which the manifest's pages use` });
  }
  return problems;
}

/**
 * Checks a filled app package offline: the manifest against its JSON schema (office-addin-manifest, schemas bundled
 * in @microsoft/app-manifest), the Outlook add-in's needs, and every icon file and its pixel size (read from the PNG
 * header: colour 192×192, outline 32×32 with alpha, ribbon icons as their `size` says). Returns every problem found;
 * an empty list means the package is good.
 */
export async function checkAppPackage(location: AppPackageLocation): Promise<PackageProblem[]> {
  let manifest: Record<string, unknown>;
  let text: string;
  try {
    text = readFileSync(location.manifestPath, 'utf8');
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) throw new Error('not a JSON object');
    manifest = parsed;
  } catch (error) {
    return [{ code: 'manifest_unreadable', message: `${location.manifestPath}: ${(error as Error).message}` }];
  }
  const problems: PackageProblem[] = [];
  for (const left of new Set(text.match(/\{\{[A-Z_]+\}\}/g) ?? [])) {
    problems.push({ code: 'placeholder_left', message: `placeholder ${left} was not filled` });
  }
  try {
    const validation = await validateManifest(location.manifestPath);
    if (!validation.isValid) {
      for (const issue of validation.report?.errors ?? []) problems.push({ code: 'schema', message: String(issue.content) });
      if (!validation.report?.errors?.length) problems.push({ code: 'schema', message: 'office-addin-manifest reports the manifest invalid' });
    }
  } catch (error) {
    problems.push({ code: 'schema', message: (error as Error).message });
  }
  const manifestDir = path.dirname(location.manifestPath);
  const icons = isRecord(manifest.icons) ? manifest.icons : {};
  if (typeof icons.color === 'string') problems.push(...checkPng(path.join(manifestDir, icons.color), 'icons.color', 192, false));
  if (typeof icons.outline === 'string') problems.push(...checkPng(path.join(manifestDir, icons.outline), 'icons.outline', 32, true));
  for (const { owner, icons: refs } of ribbonIcons(manifest)) {
    for (const ref of refs) {
      const file = path.join(location.ribbonIconsDir, path.posix.basename(new URL(ref.url, 'https://x/').pathname));
      problems.push(...checkPng(file, `${owner} icon ${ref.size}`, ref.size, false));
    }
  }
  problems.push(...checkAddIn(manifest));
  return problems;
}
