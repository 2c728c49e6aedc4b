/**
 * What a function computes from a parse tree, kept for a tree the parse cache shares (parse.ts freezes
 * each cached tree): a statement run again — a workbench re-running its script, a client's lookups —
 * is not walked again for what its tree holds. `text` is the statement's own text where the result
 * depends on it too (a tree is one statement's, but its text is checked, not assumed). A tree that is
 * not frozen (a script too long to cache, one the engine built) is computed every time.
 *   const calls = memoByNode((node) => funcCalls(node));   calls(node) walks it once per cached tree
 */
export function memoByNode<R>(
  compute: (node: unknown, text: string) => R,
): (node: unknown, text?: string) => R {
  const kept = new WeakMap<object, { readonly text: string; readonly result: R }>();
  return (node, text = '') => {
    if (!node || typeof node !== 'object' || !Object.isFrozen(node)) return compute(node, text);
    const hit = kept.get(node);
    if (hit && hit.text === text) return hit.result;
    const result = compute(node, text);
    kept.set(node, { text, result });
    return result;
  };
}
