/**
 * Types for simple-peer's prebuilt browser bundle. Plain `simple-peer` needs Node shims
 * (buffer, stream, process) under Vite; the bundle carries its own, and exports the same
 * constructor that @types/simple-peer describes.
 */
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
