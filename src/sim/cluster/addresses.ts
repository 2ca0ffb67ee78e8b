// Where each simulated agent lives. Everything stays in 127.0.0.0/8 so that the collector,
// tests and benchmarks never send a packet off the machine (DESIGN §6).

/** Server i (1-based) at 127.0.0.(10+i): 127.0.0.11, 127.0.0.12, … */
export function serverAddress(i: number): string {
  return `127.0.0.${10 + i}`;
}

/** Client i (1-based): 250 per /24 from 127.0.1.1, so 1000 clients end at 127.0.4.250. */
export function clientAddress(i: number): string {
  return `127.0.${1 + Math.floor((i - 1) / 250)}.${((i - 1) % 250) + 1}`;
}

export const HTTP_PORT_DEFAULT = 4646;
export const RPC_PORT = 4647;
export const SERF_PORT = 4648;

export function rpcAddr(address: string): string {
  return `${address}:${RPC_PORT}`;
}

export function serfAddr(address: string): string {
  return `${address}:${SERF_PORT}`;
}

/** The four octets of a dotted IPv4 address. */
export function octets(address: string): number[] {
  return address.split('.').map((s) => Number(s));
}

export function ipv4ToUint32(address: string): number {
  return octets(address).reduce((n, o) => n * 256 + o, 0);
}
