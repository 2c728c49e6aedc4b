import { loadParser } from '../../src/parse/parse';

// Before every test file: the parser's WebAssembly loads asynchronously, and parseSync throws
// 'WASM module not initialized' until it is ready, so a test that parses at once would race it.
await loadParser();
