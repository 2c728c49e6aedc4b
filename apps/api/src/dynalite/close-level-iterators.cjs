// Makes dynalite close the LevelDB iterators it reads with. Required by dynalite-child.cjs (and the
// bench's dynalite) before dynalite itself.
//
// dynalite 4.0.0 reads a Scan or Query page through a stream over a `level` iterator and, when the
// stream ends or is destroyed, closes the iterator only through `iterator.return()`, which
// abstract-level's iterators do not have (they close with `close()`). So every page left its iterator
// open, attached to the store until the store closes: a native LevelDB iterator that pins the files
// of its version. Measured with 1M-item Scans of 335 pages each: the emulator's memory grew by
// ~15–20 MB a Scan, off the V8 heap (30 Scans: 206 → 818 MiB RSS), and it slowed as it grew.
// Giving the iterators a `return()` that closes them lets dynalite's own destroy path work.
'use strict';
const { dirname } = require('node:path');

// The abstract-level that dynalite's `level` uses (resolved from there, not from here).
const fromDynalite = (name, from) => require.resolve(name, { paths: [dirname(from)] });
const level = fromDynalite('level', require.resolve('dynalite/package.json'));
const classic = fromDynalite('classic-level', level);
const abstractLevel = require(fromDynalite('abstract-level', classic));
const { AbstractIterator, AbstractKeyIterator, AbstractValueIterator } = abstractLevel;

for (const Iterator of [AbstractIterator, AbstractKeyIterator, AbstractValueIterator]) {
  if (typeof Iterator.prototype.return === 'function') continue;
  Object.defineProperty(Iterator.prototype, 'return', {
    configurable: true,
    writable: true,
    // As an async iterator's `return()`: closes, then reports done.
    value: async function () {
      await this.close();
      return { done: true, value: undefined };
    },
  });
}

// The AbstractLevel dynalite's store is made of (its tests count the iterators it attaches).
module.exports = { AbstractLevel: abstractLevel.AbstractLevel };
