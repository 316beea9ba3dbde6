export { entryText } from '../../bench/entry-template';
export type { EntrySpec } from '../../bench/entry-template';
