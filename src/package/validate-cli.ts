// `npm run validate [-- --base-url https://… --app-id <guid> --client-id <guid>]`: fills the manifest template,
// stages it with its icons in dist/app-package/ and checks it offline (schema, add-in needs, icon files and sizes).
// `npm run validate -- --manifest <filled manifest.json> [--icons <ribbon icon folder>]` checks an already-filled
// manifest instead. Exit code 1 on any problem, each printed on its own line.
import path from 'node:path';
import { checkAppPackage } from './check-app-package';
import { configuredPackageValues, packageValuesFromFlags, parseFlags, runPackagingCli } from './package-values';
import { ASSETS_DIR, MANIFEST_TEMPLATE, STAGE_DIR, stageAppPackage } from './stage-app-package';

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  let manifestPath = flags.get('manifest');
  if (manifestPath) {
    manifestPath = path.resolve(manifestPath);
  } else {
    const { values, usedDemo } = packageValuesFromFlags(flags, configuredPackageValues());
    if (usedDemo.length > 0) console.log(`validate: demo values for ${usedDemo.join(', ')}`);
    manifestPath = stageAppPackage({ templatePath: MANIFEST_TEMPLATE, assetsDir: ASSETS_DIR, stageDir: STAGE_DIR, values });
  }
  const ribbonIconsDir = path.resolve(flags.get('icons') ?? ASSETS_DIR);
  const problems = await checkAppPackage({ manifestPath, ribbonIconsDir });
  for (const problem of problems) console.error(`✗ [${problem.code}] ${problem.message}`);
  if (problems.length > 0) {
    console.error(`validate: ${problems.length} problem(s) in ${manifestPath}`);
    return 1;
  }
  console.log(`validate: ${manifestPath} is valid (schema, add-in, icons)`);
  return 0;
}

runPackagingCli(main);
