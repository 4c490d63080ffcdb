import twilio from 'twilio';

/** Messaging TwiML: a <Message> Twilio texts back to the sender, or an empty <Response/> (nothing to send). */
export function renderMessagingReply(answer: string | null): string {
  const r = new twilio.twiml.MessagingResponse();
  if (answer) r.message(answer);
  return r.toString();
}
