import { NativeSelect, type NativeSelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

/** Vietnamese or English, named in its own language; the choice is kept (i18n/index.ts). */
export function LanguageSelect(props: Pick<NativeSelectProps, 'w' | 'ml'>) {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('common:language')}
      size="xs"
      {...props}
      data={[
        { value: 'vi', label: 'Tiếng Việt' },
        { value: 'en', label: 'English' },
      ]}
      value={i18n.language}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
    />
  );
}
