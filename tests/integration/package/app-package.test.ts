// The app package pipeline for real: the manifest template filled, office-addin-manifest's offline schema check,
// the icon PNGs read from disk, `npm run validate` as a process (exit code), and `npm run package` writing the zip.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { checkAppPackage } from '../../../src/package/check-app-package';
import { fillManifestTemplate, PackageValuesError } from '../../../src/package/fill-manifest';
import { encodePng, readPngHeader } from '../../../src/package/png-image';
import { drawIcon } from '../../../src/package/draw-icons';
import { ASSETS_DIR, MANIFEST_TEMPLATE, REPO_ROOT, stageAppPackage } from '../../../src/package/stage-app-package';

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
const VALUES = {
  baseUrl: 'https://turnaround.contoso.com',
  appId: '3c9e5a71-0d2b-4f6e-8a14-6b7c8d9e0f12',
  clientId: '8d2f6a10-4c3b-4e5d-9f60-1a2b3c4d5e6f',
  appVersion: '1.2.3',
};

type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A staged, valid package in a fresh folder, with a hook to break it. */
function stagedCopy(breakIt?: (manifest: Manifest, dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'turnaround-package-'));
  const manifestPath = stageAppPackage({ templatePath: MANIFEST_TEMPLATE, assetsDir: ASSETS_DIR, stageDir: dir, values: VALUES });
  if (breakIt) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    breakIt(manifest, dir);
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  }
  return manifestPath;
}

/** Reads a zip's entries from its central directory (stored or deflated), enough to look inside the app package. */
function readZipEntries(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  for (let at = zip.indexOf('PK\x01\x02', 0, 'latin1'); at >= 0; at = zip.indexOf('PK\x01\x02', at + 4, 'latin1')) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const name = zip.toString('utf8', at + 46, at + 46 + zip.readUInt16LE(at + 28));
    const local = zip.readUInt32LE(at + 42);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
  }
  return entries;
}

async function validateCli(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['src/package/validate-cli.ts', ...args], { cwd: REPO_ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('manifest template', () => {
  it('fills every placeholder from the package values', () => {
    const filled = fillManifestTemplate(readFileSync(MANIFEST_TEMPLATE, 'utf8'), VALUES);
    expect(filled).not.toMatch(/\{\{/);
    const manifest = JSON.parse(filled) as Manifest;
    expect(manifest.id).toBe(VALUES.appId);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.validDomains).toEqual(['turnaround.contoso.com']);
    expect(manifest.webApplicationInfo).toEqual({
      id: VALUES.clientId,
      resource: `api://turnaround.contoso.com/${VALUES.clientId}`,
      nestedAppAuthInfo: [{ redirectUri: 'brk-multihub://turnaround.contoso.com', scopes: [`api://turnaround.contoso.com/${VALUES.clientId}/access_as_user`] }],
    });
    expect(manifest.staticTabs[0].contentUrl).toBe('https://turnaround.contoso.com/tab');
    expect(manifest.configurableTabs[0].configurationUrl).toBe('https://turnaround.contoso.com/manager/config');
    expect(manifest.extensions[0].runtimes[0].code.page).toBe(`https://turnaround.contoso.com/taskpane?clientId=${VALUES.clientId}`);
    const button = manifest.extensions[0].ribbons[0].tabs[0].groups[0].controls[0];
    expect(button.label).toBe('Track request');
    expect(manifest.extensions[0].ribbons[0].contexts).toEqual(['mailRead']);
  });

  it('declares the bot (the app\'s client id) and the "Track as request" message action on it', () => {
    const manifest = JSON.parse(fillManifestTemplate(readFileSync(MANIFEST_TEMPLATE, 'utf8'), VALUES)) as Manifest;
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: VALUES.clientId, scopes: ['personal', 'team', 'groupChat'] })]);
    expect(manifest.composeExtensions).toHaveLength(1);
    expect(manifest.composeExtensions[0].botId).toBe(VALUES.clientId);
    expect(manifest.composeExtensions[0].commands).toEqual([
      expect.objectContaining({ id: 'trackAsRequest', type: 'action', title: 'Track as request', context: ['message'], fetchTask: true }),
    ]);
  });

  it('refuses an http base URL and a client id that is not a GUID, naming both', () => {
    const attempt = () => fillManifestTemplate('{}', { ...VALUES, baseUrl: 'http://localhost:3978', clientId: 'my-app' });
    expect(attempt).toThrow(PackageValuesError);
    expect(attempt).toThrow(/https.*client id must be a GUID/);
  });
});

describe('checkAppPackage', () => {
  it('finds nothing wrong with the staged package', async () => {
    await expect(checkAppPackage({ manifestPath: stagedCopy(), ribbonIconsDir: ASSETS_DIR })).resolves.toEqual([]);
  });

  it('reports a missing required field', async () => {
    const problems = await checkAppPackage({ manifestPath: stagedCopy((m) => delete m.description), ribbonIconsDir: ASSETS_DIR });
    expect(problems).toEqual([expect.objectContaining({ code: 'schema', message: expect.stringMatching(/description/) })]);
  });

  it('reports a schema violation inside the mail extension', async () => {
    const problems = await checkAppPackage({
      manifestPath: stagedCopy((m) => { m.extensions[0].ribbons[0].contexts = ['mailReading']; }),
      ribbonIconsDir: ASSETS_DIR,
    });
    expect(problems.map((p) => p.code)).toContain('schema');
    expect(problems.map((p) => p.code)).toContain('addin'); // and no mailRead button is left
  });

  it('reports a schema violation inside the message action and the bot', async () => {
    const badCommand = await checkAppPackage({ manifestPath: stagedCopy((m) => { m.composeExtensions[0].commands[0].type = 'button'; }), ribbonIconsDir: ASSETS_DIR });
    expect(badCommand.map((p) => p.code)).toContain('schema');
    const badScope = await checkAppPackage({ manifestPath: stagedCopy((m) => { m.bots[0].scopes = ['channel']; }), ribbonIconsDir: ASSETS_DIR });
    expect(badScope.map((p) => p.code)).toContain('schema');
  });

  it('reports a colour icon of the wrong size and an outline icon without transparency', async () => {
    const manifestPath = stagedCopy((_m, dir) => {
      copyFileSync(path.join(ASSETS_DIR, 'icon-80.png'), path.join(dir, 'color.png'));
      const opaque = drawIcon(32, 'color');
      // Re-encode as RGB (colour type 2): no alpha channel.
      const png = encodePng(opaque);
      png[25] = 2;
      writeFileSync(path.join(dir, 'outline.png'), png);
    });
    const problems = await checkAppPackage({ manifestPath, ribbonIconsDir: ASSETS_DIR });
    expect(problems).toEqual([
      { code: 'icon_size', message: 'icons.color: color.png is 80×80, must be 192×192' },
      expect.objectContaining({ code: 'icon_not_transparent' }),
    ]);
  });

  it('reports a ribbon icon whose file does not match its declared size, and one that is missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'turnaround-icons-'));
    copyFileSync(path.join(ASSETS_DIR, 'icon-16.png'), path.join(dir, 'icon-16.png'));
    copyFileSync(path.join(ASSETS_DIR, 'icon-16.png'), path.join(dir, 'icon-32.png')); // 16 px where 32 is declared
    const problems = await checkAppPackage({ manifestPath: stagedCopy(), ribbonIconsDir: dir });
    expect(problems.filter((p) => p.code === 'icon_size').map((p) => p.message)).toContain('ribbon control trackRequestButton icon 32: icon-32.png is 16×16, must be 32×32');
    expect(problems.filter((p) => p.code === 'icon_missing').length).toBe(2); // icon-80.png for the group and the button
  });

  it('reports the add-in permission for categories and Mailbox 1.8 when they are dropped', async () => {
    const problems = await checkAppPackage({
      manifestPath: stagedCopy((m) => {
        delete m.authorization;
        m.extensions[0].requirements.capabilities = [{ name: 'Mailbox', minVersion: '1.3' }];
      }),
      ribbonIconsDir: ASSETS_DIR,
    });
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/Mailbox 1\.8/),
      expect.stringMatching(/MailboxItem\.ReadWrite\.User/),
    ]);
  });
});

describe('npm run validate and npm run package', () => {
  it('validate exits 0 on the real template and 1 on a broken copy, printing the problems', async () => {
    const good = await validateCli(['--base-url', VALUES.baseUrl, '--app-id', VALUES.appId, '--client-id', VALUES.clientId]);
    expect(good).toEqual({ code: 0, output: expect.stringMatching(/is valid/) });
    const broken = stagedCopy((m, dir) => {
      delete m.icons.outline;
      copyFileSync(path.join(ASSETS_DIR, 'icon-32.png'), path.join(dir, 'color.png'));
    });
    const bad = await validateCli(['--manifest', broken]);
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/outline/);
    expect(bad.output).toMatch(/color\.png is 32×32, must be 192×192/);
  });

  it('package writes dist/appPackage.zip with the manifest and both icons', async () => {
    await run(TSX, ['src/package/package-cli.ts', '--base-url', VALUES.baseUrl, '--app-id', VALUES.appId, '--client-id', VALUES.clientId], { cwd: REPO_ROOT });
    const zip = path.join(REPO_ROOT, 'dist/appPackage.zip');
    expect(existsSync(zip)).toBe(true);
    const entries = readZipEntries(readFileSync(zip));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    expect(manifest.webApplicationInfo.id).toBe(VALUES.clientId);
    expect(manifest.bots[0].botId).toBe(VALUES.clientId);
    expect(manifest.composeExtensions[0].commands[0]).toMatchObject({ title: 'Track as request', context: ['message'], fetchTask: true });
    expect(readPngHeader(entries.get('color.png')!).width).toBe(192);
    expect(statSync(zip).size).toBeGreaterThan(3000);
  });

  it('package fills the base URL and client id from the server configuration of a tenant deployment', async () => {
    const env = { ...process.env, AZURE_CLIENT_ID: VALUES.clientId, AZURE_TENANT_ID: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', AZURE_CLIENT_SECRET: 'not-a-real-secret', PUBLIC_BASE_URL: 'https://turnaround.contoso.example' };
    await run(TSX, ['src/package/package-cli.ts'], { cwd: REPO_ROOT, env });
    const manifest = JSON.parse(readZipEntries(readFileSync(path.join(REPO_ROOT, 'dist/appPackage.zip'))).get('manifest.json')!.toString('utf8')) as Manifest;
    expect(manifest.webApplicationInfo.id).toBe(VALUES.clientId);
    expect(JSON.stringify(manifest)).toContain('https://turnaround.contoso.example/tab');
    expect(JSON.stringify(manifest)).not.toContain('{{');
  });

  it('the committed icons have the sizes the manifest and the ribbon need', () => {
    const sizes = ['color.png', 'outline.png', 'icon-16.png', 'icon-32.png', 'icon-80.png'].map((f) => readPngHeader(readFileSync(path.join(ASSETS_DIR, f))).width);
    expect(sizes).toEqual([192, 32, 16, 32, 80]);
  });
});
