export { createCore, type Core, type CoreOptions, type MediaFile } from './core';
