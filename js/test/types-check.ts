// Compiled with tsc --noEmit --strict against the installed package: the declarations must
// describe the API as users call it.
import { convert, currencyInfo, errorCodes, initAsync, version } from "crosspay";
import type { Conversion, CrosspayError, CrosspayErrorCode, CurrencyInfo, Money, RoundingMode } from "crosspay";

async function main(): Promise<void> {
  await initAsync();
  const mode: RoundingMode = "half-even";
  const c: Conversion = convert("100.00", "CNY", "HKD", "1.0962", mode);
  const target: Money = c.target;
  const amount: string = target.amount;
  const info: CurrencyInfo = currencyInfo("JPY");
  const units: number = info.minor_units;
  const codes: string[] = errorCodes();
  const v: string = version();
  try {
    convert("1e3", "CNY", "HKD", "1", "half-up");
  } catch (e) {
    const err = e as CrosspayError;
    const code: CrosspayErrorCode = err.code;
    console.log(code, err.message);
  }
  // @ts-expect-error: rounding modes are a closed set
  convert("1.00", "CNY", "HKD", "1", "bankers");
  // @ts-expect-error: amounts are strings, never numbers
  convert(1.0, "CNY", "HKD", "1", "half-up");
  console.log(amount, units, codes, v);
}
void main();
