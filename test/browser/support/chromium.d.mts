export declare const PROJECT_ROOT: string;
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function hasChromium(): boolean;
export declare function launchOptions(): { executablePath: string; headless: boolean; args: string[] };
export declare function clientBuildIsStale(): boolean;
/** Resolves true when it had to build. */
export declare function ensureClientBuilt(options?: { log?: (line: string) => void }): Promise<boolean>;
