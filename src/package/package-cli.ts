// `npm run package [-- --base-url https://… --app-id <guid> --client-id <guid>]`: fills the manifest template, checks
// the result like `npm run validate`, and writes dist/appPackage.zip (manifest.json, color.png, outline.png) for
// upload to Teams (Teams admin center or "Upload a custom app"); it installs the tabs and the Outlook add-in together.
import { checkAppPackage } from './check-app-package';
import { configuredPackageValues, packageValuesFromFlags, parseFlags, runPackagingCli } from './package-values';
import { APP_PACKAGE_ZIP, ASSETS_DIR, MANIFEST_TEMPLATE, STAGE_DIR, stageAppPackage, zipAppPackage } from './stage-app-package';

async function main(): Promise<number> {
  const { values, usedDemo } = packageValuesFromFlags(parseFlags(process.argv.slice(2)), configuredPackageValues());
  if (usedDemo.length > 0) console.warn(`package: demo values for ${usedDemo.join(', ')} — not for a real tenant`);
  const manifestPath = stageAppPackage({ templatePath: MANIFEST_TEMPLATE, assetsDir: ASSETS_DIR, stageDir: STAGE_DIR, values });
  const problems = await checkAppPackage({ manifestPath, ribbonIconsDir: ASSETS_DIR });
  for (const problem of problems) console.error(`✗ [${problem.code}] ${problem.message}`);
  if (problems.length > 0) return 1;
  await zipAppPackage(manifestPath, APP_PACKAGE_ZIP);
  return 0;
}

runPackagingCli(main);
