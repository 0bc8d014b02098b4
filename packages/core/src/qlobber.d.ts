// The part of qlobber's API that exhook uses (the package ships no types). Internal: never in a public type.
declare module "qlobber" {
  export interface QlobberOptions {
    separator?: string;
    wildcard_one?: string;
    wildcard_some?: string;
    match_empty_levels?: boolean;
    cache_adds?: boolean;
    max_words?: number;
    max_wildcard_somes?: number;
  }
  export class QlobberDedup<T> {
    constructor(options?: QlobberOptions);
    add(topic: string, value: T): this;
    remove(topic: string, value?: T): this;
    match(topic: string): Set<T>;
    clear(): this;
  }
}
