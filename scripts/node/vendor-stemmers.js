#!/usr/bin/env node
// Cuts the English and Swedish stemmers out of snowball-stemmers' single file (all 24
// languages, 870 kB) into a small browser script for the header search, unchanged but for
// the wrapper. Run by scripts/setup.d/node on the pinned, integrity-checked release:
//   node vendor-stemmers.js <package>/snowball-stemmers.js <out>/stemmers.js <version>
// The script is an ES module exporting `en(word)` and `sv(word)`.
"use strict";
const fs = require("fs");

const [source, target, version] = process.argv.slice(2);
const text = fs.readFileSync(source, "utf8");

/** From the line starting `start` up to (not including) the line starting `end`. */
function between(start, end) {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`${source}: no "${start}" ... "${end}"`);
  return text.slice(from, to);
}

// The first line defines the helper `_typeof` that the runtime uses.
const helper = text.slice(0, text.indexOf("\n") + 1);
// The runtime every stemmer shares, then the two stemmers (each ends where the next begins).
const runtime = between("    function _possibleConstructorReturn", "    var arabicStemmer = ");
const english = between("    var englishStemmer = ", "    var finnishStemmer = ");
const swedish = between("    var swedishStemmer = ", "    var tamilStemmer = ");

const script = `/* English and Swedish stemmers of snowball-stemmers ${version} (ISC licence,
 * https://github.com/mazko/jssnowball), the Snowball algorithms, cut from the package by
 * scripts/node/vendor-stemmers.js. */
const { en, sv } = (function () {
    'use strict';
${helper}${runtime}${english}${swedish}
    function stemmer(Algorithm) {
        var instance = new Algorithm();
        return function (word) {
            instance.setCurrent(word);
            instance.stem();
            return instance.getCurrent();
        };
    }
    return { en: stemmer(englishStemmer), sv: stemmer(swedishStemmer) };
})();
export { en, sv };
`;
fs.writeFileSync(target, script);
