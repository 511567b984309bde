/** The landing page at `/`, as Prometheus exporters have: what this is and where its endpoints are. */
export function landingPage(version: string, telemetryPath: string): string {
  const links: Array<[string, string]> = [
    [telemetryPath, 'Metrics'],
    ['/-/healthy', 'Health'],
    ['/-/ready', 'Readiness'],
    ['/alerts', 'Alerts'],
    ['/api/v1/alerts', 'Alerts (JSON)'],
    ['/api/v1/rules', 'Rules (JSON)'],
    ['/api/v1/check', 'Nagios-style check (JSON)'],
    ['/api/v1/log/events', 'Recent server log errors (JSON)'],
  ];
  const items = links.map(([href, text]) => `<li><a href="${href}">${text}</a></li>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>pgwarden</title></head>
<body>
<h1>pgwarden ${version}</h1>
<p>PostgreSQL monitoring agent: Prometheus metrics, alerting, Nagios/Icinga checks.</p>
<ul>
${items}
</ul>
</body></html>
`;
}
