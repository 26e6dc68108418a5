import type { TFunction } from 'i18next';
import type { ComposerFailure, TranslateErrorInfo } from '../../../shared/translate-views';
import { providerName } from '../../lib/languages';

/** Why a translation failed, in the user's language (translate.error.<code>). */
export function translateErrorText(t: TFunction, error: TranslateErrorInfo): string {
  return t(`translate.error.${error.code}`, { provider: providerName(error.provider) || t('translate.error.aProvider') });
}

/** Why Insert did not put the text into WhatsApp (translate.insertFailed.<reason>). */
export function insertFailureText(t: TFunction, reason: ComposerFailure): string {
  return t(`translate.insertFailed.${reason}`);
}
