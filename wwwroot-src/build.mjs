// Dependency-free asset build: bundles and minifies wwwroot-src into LifeTimeCircle/wwwroot/assets.
// Fingerprinting, compression and immutable caching are done by ASP.NET Core's MapStaticAssets.
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(src, '..', 'LifeTimeCircle', 'wwwroot', 'assets');
mkdirSync(out, { recursive: true });

const minifyCss = (css) => css
  .replace(/\/\*[\s\S]*?\*\//g, '')
  .replace(/\s+/g, ' ')
  .replace(/\s*([{}:;,>])\s*/g, '$1')
  .replace(/;}/g, '}')
  .trim();

// Conservative JS minification: drop full-line comments and indentation only.
const minifyJs = (js) => js
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('//'))
  .join('\n');

const bundles = [
  { name: 'site.css', files: ['css/base.css', 'css/forms.css', 'css/components.css'], min: minifyCss },
  { name: 'public.css', files: ['css/public.css'], min: minifyCss },
  { name: 'site.js', files: readdirSync(join(src, 'js')).filter((f) => f.endsWith('.js')).sort().map((f) => 'js/' + f), min: minifyJs },
];

for (const b of bundles) {
  const text = b.files.map((f) => readFileSync(join(src, f), 'utf8')).join('\n');
  const min = b.min(text);
  writeFileSync(join(out, b.name), min + '\n');
  console.log(`wwwroot-src: ${b.name} ${Buffer.byteLength(min)} bytes`);
}
writeFileSync(join(out, '.stamp'), new Date().toISOString());
