import { builder } from '../builder.ts';

export interface MoneyShape {
  amount: string;
  currencyCode: string;
}

export const MoneyRef = builder.objectRef<MoneyShape>('Money').implement({
  description: 'An amount of money. `amount` is a decimal string so no float ever rounds it.',
  fields: (t) => ({
    amount: t.exposeString('amount', { description: 'Decimal string with two places, e.g. `129.90`.' }),
    currencyCode: t.exposeString('currencyCode', { description: 'ISO 4217 code, e.g. `USD`.' }),
  }),
});

export const MoneyInput = builder.inputType('MoneyInput', {
  fields: (t) => ({
    amount: t.string({ required: true, description: 'Decimal string, e.g. `129.90`.' }),
    currencyCode: t.string({ required: true, description: 'ISO 4217 code, e.g. `USD`.' }),
  }),
});
