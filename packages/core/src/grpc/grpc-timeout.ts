// Parses the gRPC `grpc-timeout` header (1 to 8 digits and a unit: H M S m u n) into milliseconds.

const unitMs: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1000,
  m: 1,
  u: 0.001,
  n: 0.000_001,
};

/** The timeout in ms, or `undefined` when the value does not follow the spec. */
export function parseGrpcTimeout(value: string): number | undefined {
  const length = value.length;
  if (length < 2 || length > 9) return undefined;
  const unit = unitMs[value[length - 1]!];
  if (unit === undefined) return undefined;
  let amount = 0;
  for (let i = 0; i < length - 1; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    amount = amount * 10 + digit;
  }
  return amount * unit;
}
