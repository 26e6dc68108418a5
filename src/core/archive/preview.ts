/** The short text a notification shows for a message: '' for an empty text message, null for media without a caption. */
export function notificationPreview(type: string, text: string | null): string | null {
  if (text) return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return type === 'chat' ? '' : null;
}
