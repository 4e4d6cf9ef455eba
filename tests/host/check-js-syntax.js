// SPDX-License-Identifier: GPL-3.0-or-later
//
// check-js-syntax.js [--module] FILE… — whether each file parses, as a
// script (GNOME 43/44 extensions, Firefox background scripts) or, after
// --module, as an ES module (GNOME 45+ extensions). The Shell itself cannot
// run here; this catches a syntax error in the files it would load.
// Output is TAP.

'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vm = require('vm');

let count = 0;
let failed = false;
const args = process.argv.slice(2);
const split = args.includes('--module') ? args.indexOf('--module') : args.length;
const modules = new Set(args.slice(split + 1));
const files = args.filter((a) => a !== '--module');
console.log(`1..${files.length}`);

for (const file of files) {
  count++;
  let error = null;
  if (modules.has(file)) {
    // node parses a .mjs file as a module without running it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-js-'));
    const copy = path.join(dir, 'm.mjs');
    fs.copyFileSync(file, copy);
    const result = spawnSync(process.execPath, ['--check', copy], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true });
    if (result.status !== 0)
      error = result.stderr;
  } else {
    try {
      new vm.Script(fs.readFileSync(file, 'utf8'), { filename: file });
    } catch (e) {
      error = e.stack;
    }
  }
  console.log(`${error ? 'not ok' : 'ok'} ${count} - ${path.basename(path.dirname(file))}/${path.basename(file)} parses`);
  if (error) {
    failed = true;
    for (const line of error.split('\n'))
      console.log(`# ${line}`);
  }
}
process.exit(failed ? 1 : 0);
