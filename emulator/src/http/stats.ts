/** Request counts by route and status, for `GET /_emulator/stats`. */
export class RequestStats {
  private readonly counts = new Map<string, Map<number, number>>();

  record(route: string, status: number): void {
    let byStatus = this.counts.get(route);
    if (byStatus === undefined) {
      byStatus = new Map();
      this.counts.set(route, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  /** `{ total, routes: { "GET /v1.0/users": { "200": 3, "429": 1 } } }`. */
  snapshot(): { total: number; routes: Record<string, Record<string, number>> } {
    let total = 0;
    const routes: Record<string, Record<string, number>> = {};
    for (const [route, byStatus] of [...this.counts].sort(([a], [b]) => a.localeCompare(b))) {
      routes[route] = {};
      for (const [status, count] of byStatus) {
        routes[route][String(status)] = count;
        total += count;
      }
    }
    return { total, routes };
  }

  reset(): void {
    this.counts.clear();
  }
}
