/**
 * The application id: Windows notifications and taskbar grouping need it to equal
 * electron-builder.yml's `appId` (tests/unit/main/packaging.test.ts checks both).
 */
export const APP_ID = 'com.switchboard.desktop';
