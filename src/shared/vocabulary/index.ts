export * from './message-types';
export * from './sort-key';
export * from './wa-id';
