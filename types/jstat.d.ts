declare module 'jstat' {
  const jStat: any
  export default jStat
  export { jStat }
}
