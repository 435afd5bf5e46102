import { TextInput, type TextInputProps } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../format';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type UnitOnDate = components['schemas']['UnitOnDate'];
export type UnitKind = UnitOnDate['kind'];
export type StaffMember = components['schemas']['Staff'];
export type Webhook = components['schemas']['Webhook'];
export const UNIT_KINDS: readonly UnitKind[] = ['center', 'branch', 'reception_point', 'department', 'commune'];

/**
 * A civil date (yyyy-MM-dd) typed or picked in the browser's own date field: keyboard usable, labelled. The browser
 * shows it in its own locale's order (mm/dd in an English browser), so the date is also written out as the center
 * writes it, dd/MM/yyyy with its weekday, under the field.
 */
export function DateField(props: Omit<TextInputProps, 'type'>) {
  const { i18n } = useTranslation();
  const value = typeof props.value === 'string' && isCivilDate(props.value) ? props.value : null;
  return <TextInput type="date" inputWrapperOrder={['label', 'input', 'description', 'error']} {...props} description={value ? `${formatDate(value)}, ${weekday(value, i18n.language)}` : props.description} />;
}

/** The day of the week of a civil date, in the screen's language. */
export function weekday(date: string, lang: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** The units in operation on a day (today by default): GET /api/v1/units. */
export function useUnits(on?: string) {
  return useQuery({
    queryKey: ['units', on ?? 'today'],
    queryFn: () => unwrap(api.GET('/api/v1/units', { params: { query: on ? { on } : {} } })),
  });
}

/** Every staff member the admin manages: GET /api/v1/staff. */
export function useStaffList() {
  return useQuery({ queryKey: ['staff'], queryFn: () => unwrap(api.GET('/api/v1/staff')) });
}

/** A date is a civil date of the calendar (not just the pattern). */
export function isCivilDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The day before a civil date (ending an assignment "from" a day means its last day is the day before). */
export function dayBefore(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** A webhook event type in words (the messages' key is the type without `dossier.`). */
export function eventLabel(t: (k: string, o?: Record<string, unknown>) => string, type: string): string {
  return t(`webhooks.eventOf.${type.replace(/^dossier\./, '')}`, { defaultValue: type });
}

/** A badge's words dark (contrast), never cut short in a narrow column. */
export const BADGE_STYLES = { root: { overflow: 'visible', flexShrink: 0 }, label: { color: 'var(--mantine-color-black)', overflow: 'visible', textOverflow: 'clip' } } as const;
