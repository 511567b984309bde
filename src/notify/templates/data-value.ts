// Alertmanager's notification template data (template.Data of Alertmanager 0.25) as Go values: `.Receiver`,
// `.Status`, `.Alerts` (with `.Firing`/`.Resolved`), `.GroupLabels`/`.CommonLabels`/`.CommonAnnotations` as KV (with
// `.SortedPairs`, `.Names`, `.Values`, `.Remove`), `.ExternalURL`; each alert has `.Status`, `.Labels`,
// `.Annotations`, `.StartsAt`/`.EndsAt` (time values), `.GeneratorURL`, `.Fingerprint`. pgwarden adds `.GroupKey`
// and, per alert, `.Value` and `.AlertURL`.
import type { Labels } from '../../collect/model.js';
import type { GoFunction } from '../../template/functions.js';
import { goTime } from '../../template/go-time.js';
import { TemplateFunctionError } from '../../template/humanize.js';
import { GoMap, GoStruct, withMethods, type GoValue } from '../../template/values.js';
import type { AlertData, MessageData } from '../message/data.js';

const method = (params: GoFunction['params'], call: GoFunction['call']): GoFunction => ({ params, call });

/** KV.SortedPairs: `alertname` first, then the other names in byte order. */
export function sortedNames(kv: Labels): string[] {
  const names = Object.keys(kv)
    .filter((name) => name !== 'alertname')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return 'alertname' in kv ? ['alertname', ...names] : names;
}

function pairs(kv: Labels): GoValue[] {
  const names = sortedNames(kv);
  const list = names.map(
    (name) =>
      new GoStruct(
        'template.Pair',
        new Map([
          ['Name', name],
          ['Value', kv[name] ?? ''],
        ]),
      ),
  );
  return withMethods(
    list,
    new Map([
      ['Names', method([], () => names)],
      ['Values', method([], () => names.map((name) => kv[name] ?? ''))],
    ]),
  );
}

export function stringList(value: GoValue, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v: GoValue) => typeof v === 'string'))
    throw new TemplateFunctionError(`wrong type for value; expected []string; got ${what}`);
  return value as string[];
}

/** A template.KV: a map[string]string with Alertmanager's methods. */
export function kvValue(kv: Labels): GoMap {
  const map = new GoMap(new Map(Object.entries(kv)), '', 'template.KV');
  return withMethods(
    map,
    new Map([
      ['SortedPairs', method([], () => pairs(kv))],
      ['Names', method([], () => sortedNames(kv))],
      ['Values', method([], () => sortedNames(kv).map((name) => kv[name] ?? ''))],
      [
        'Remove',
        method(['any'], ([keys = null]) => {
          const drop = new Set(stringList(keys, 'another type'));
          return kvValue(Object.fromEntries(Object.entries(kv).filter(([name]) => !drop.has(name))));
        }),
      ],
    ]),
  );
}

function alertValue(alert: AlertData): GoStruct {
  return new GoStruct(
    'template.Alert',
    new Map<string, GoValue>([
      ['Status', alert.Status],
      ['Labels', kvValue(alert.Labels)],
      ['Annotations', kvValue(alert.Annotations)],
      ['StartsAt', goTime(Date.parse(alert.StartsAt))],
      ['EndsAt', goTime(Date.parse(alert.EndsAt))],
      ['GeneratorURL', alert.GeneratorURL],
      ['Fingerprint', alert.Fingerprint],
      ['Value', alert.Value ?? null],
      ['AlertURL', alert.AlertURL],
    ]),
  );
}

/** regexp.QuoteMeta, which Alertmanager applies to the receiver name in template data. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function messageDataValue(data: MessageData): GoStruct {
  const alerts = data.Alerts.map(alertValue);
  const withStatus = (status: string) => alerts.filter((a) => a.fields.get('Status') === status);
  return new GoStruct(
    'template.Data',
    new Map<string, GoValue>([
      ['Receiver', quoteMeta(data.Receiver)],
      ['Status', data.Status],
      [
        'Alerts',
        withMethods(
          alerts,
          new Map([
            ['Firing', method([], () => withStatus('firing'))],
            ['Resolved', method([], () => withStatus('resolved'))],
          ]),
        ),
      ],
      ['GroupLabels', kvValue(data.GroupLabels)],
      ['CommonLabels', kvValue(data.CommonLabels)],
      ['CommonAnnotations', kvValue(data.CommonAnnotations)],
      // Alertmanager's external URL has no trailing slash (its links append `/#/alerts`).
      ['ExternalURL', data.ExternalURL.replace(/\/+$/, '')],
      ['GroupKey', data.GroupKey],
    ]),
  );
}
