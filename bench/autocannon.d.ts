// The slice of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      pipelining?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      requests?: Array<{ setupRequest?: (req: any, context?: any) => any }>;
    };
    type Histogram = { average: number; mean: number; p50: number; p99: number };
    type Result = { requests: Histogram; latency: Histogram; errors: number; timeouts: number; non2xx: number };
  }
  function autocannon(opts: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
