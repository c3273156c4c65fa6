// Japanese for the buyer, on any page or part of one with lang="ja" (or ja-JP, …). Run it once, before the
// elements render: import it beside the package. From the script tag's file: import { registerMessages } from '/payfect-checkout.js'.
import { registerMessages } from 'payfect-checkout';

registerMessages('ja', {
  payWithPayfect: 'Payfect で支払う',
  pay: '{amount} {currency} を支払う',
  busy: '決済ページを開いています…',
  notSetUp: 'この支払いボタンは正しく設定されていません。',
  tryAgain: '決済を開始できませんでした。もう一度お試しください。',
  priceMismatch: 'ここに表示されている価格はショップの現在の価格と異なるため、決済を開始できません。',
  unknownProduct: 'この商品は現在購入できません。',
  rateLimited: '試行回数が多すぎます。しばらくしてからもう一度お試しください。',
  networkError: '決済サービスに接続できません。接続を確認してもう一度お試しください。',
  timeout: '決済の応答に時間がかかっています。もう一度お試しください。',
  statusWaiting: 'Payfect の確認を待っています…',
  statusConfirmed: 'お支払いを確認しました。ありがとうございます。',
  statusExpired: 'この決済は支払われないまま期限切れになりました。',
  statusUnknown: 'このページのお支払いは見つかりませんでした。',
  statusError: '現在お支払い状況を確認できません。再試行しています…',
});

// Overriding one built-in string: Taiwan's buyers read this label; every other string stays zh-Hant's.
registerMessages('zh-TW', { payWithPayfect: '用 Payfect 結帳' });
