import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportMetadataPackage } from 'office-addin-manifest';
import { fillManifestTemplate, type PackageValues } from './fill-manifest';

/** The repository's own locations: the manifest template, the icons, and where packaging writes. */
export const REPO_ROOT = path.resolve(__dirname, '../..');
export const MANIFEST_TEMPLATE = path.join(REPO_ROOT, 'manifest/manifest.json');
export const ASSETS_DIR = path.join(REPO_ROOT, 'assets');
export const STAGE_DIR = path.join(REPO_ROOT, 'dist/app-package');
export const APP_PACKAGE_ZIP = path.join(REPO_ROOT, 'dist/appPackage.zip');

/** Where {@link stageAppPackage} reads and writes. */
export interface StageOptions {
  templatePath: string;
  assetsDir: string;
  stageDir: string;
  values: PackageValues;
}

/**
 * Writes the filled manifest and the two package icons it names (colour and outline, from `assetsDir`) into a fresh
 * `stageDir`, and returns the staged manifest's path.
 * @throws {PackageValuesError} for bad values.
 */
export function stageAppPackage(options: StageOptions): string {
  const filled = fillManifestTemplate(readFileSync(options.templatePath, 'utf8'), options.values);
  rmSync(options.stageDir, { recursive: true, force: true });
  mkdirSync(options.stageDir, { recursive: true });
  const manifestPath = path.join(options.stageDir, 'manifest.json');
  writeFileSync(manifestPath, filled);
  const icons = (JSON.parse(filled) as { icons?: { color?: string; outline?: string } }).icons ?? {};
  for (const icon of [icons.color, icons.outline]) {
    if (icon) copyFileSync(path.join(options.assetsDir, path.basename(icon)), path.join(options.stageDir, path.basename(icon)));
  }
  return manifestPath;
}

/** Zips a staged manifest and its icons into the app package (office-addin-manifest's exporter; works offline). */
export async function zipAppPackage(stagedManifestPath: string, zipPath: string): Promise<void> {
  rmSync(zipPath, { force: true });
  await exportMetadataPackage(zipPath, stagedManifestPath);
}
