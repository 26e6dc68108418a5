export * from './sort-key';
export * from './wa-id';
