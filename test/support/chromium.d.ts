export interface FoundChromium {
  executablePath: string;
  args: string[];
  /** Where it came from: 'CHROME_PATH', 'system' or '@sparticuz/chromium'. */
  source: string;
}
export function findChromium(): Promise<FoundChromium>;
