import type { Catalogue } from './catalogue.js';

/** Brazilian Portuguese, neutral "você": "a tecla jogo da velha" for #, "a tecla asterisco" for *, "atendente". */
export const ptBR: Catalogue = {
  position: 'Sua posição na fila é {position}.',
  firstInLine: 'Sua ligação é a próxima a ser atendida.',
  waitMinutes: {
    one: 'O tempo de espera previsto é de cerca de um minuto.',
    other: 'O tempo de espera previsto é de cerca de {minutes} minutos.',
  },
  waitUnderMinute: 'O tempo de espera previsto é de menos de um minuto.',
  waitUnknown: 'Sua ligação será atendida assim que um atendente estiver disponível.',
  options:
    'Para receber uma ligação de retorno sem perder sua posição na fila, pressione a tecla asterisco. Para deixar uma mensagem, pressione 1.',
  offerCallback:
    'Para receber a ligação no número {number}, pressione 1. Para receber em outro número, digite-o agora, seguido da tecla jogo da velha.',
  offerCallbackKeyIn: 'Para receber uma ligação de retorno, digite agora o seu número de telefone, seguido da tecla jogo da velha.',
  badNumber: 'Desculpe, esse número não é válido.',
  callbackCountry: 'Desculpe, não podemos retornar ligações para números desse país.',
  callbackBlocked: 'Desculpe, não podemos retornar ligações para números de tarifa especial, de custo compartilhado ou via satélite.',
  callbackRetry: 'Digite outro número, seguido da tecla jogo da velha, ou pressione a tecla asterisco para voltar à espera.',
  callbackBooked: 'Obrigado. Vamos ligar para você no número {number}, e você mantém sua posição na fila. Até logo.',
  unavailable: 'No momento, todos os nossos atendentes estão indisponíveis.',
  voicemail: 'Deixe sua mensagem após o sinal e, em seguida, pressione a tecla jogo da velha.',
  voicemailThanks: 'Obrigado pela sua mensagem. Até logo.',
  reconnect: 'Não conseguimos falar com um atendente. Por favor, continue na linha; você mantém sua posição na fila.',
  connecting: 'Estamos transferindo sua ligação para um atendente.',
  ringingAgent: 'Um atendente vai falar com você agora. Por favor, continue na linha.',
  transferring: 'Por favor, aguarde enquanto transfiro sua ligação.',
  transferFailed: 'O número não atendeu. Por favor, continue na linha para o próximo atendente.',
  confirmChoice: 'Você disse {choice}? Pressione 1 ou diga sim. Pressione 2 ou diga não.',
  npsConfirm: 'Você nos deu {score}. Obrigado.',
  textUnavailable: 'Desculpe, não podemos enviar uma mensagem de texto para o número de onde você está ligando.',
  whisper: 'Ligação de {group} do número {number}. Pressione 1 para atender.',
  whisperLanguage: 'Ligação de {group} do número {number}, em {language}. Pressione 1 para atender.',
  callbackIntro: 'Retorno para {group}: {number}, aguardando desde {since}. Pressione 1 para ligar agora.',
  recoveryCallbackIntro:
    'Retorno de recuperação do caso {case}, {group}: {number}, aguardando desde {since}. Pressione 1 para ligar agora.',
  callingCustomer: 'Ligando para o cliente.',
  callbackEnded: 'A ligação foi encerrada.',
  callbackNotReached: 'O cliente não atendeu. Ele mantém a posição na fila e receberá uma nova ligação mais tarde.',
  fallback: 'Desculpe, estamos com dificuldades técnicas. Por favor, aguarde enquanto transferimos sua ligação.',
};
