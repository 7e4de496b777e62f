// The compare-and-set that makes an update atomic: write the AOR's new value (or delete it)
// only if the key still holds exactly what the update read, in one step of Redis' single
// thread. An absent key is told apart from any value by a flag, not by an empty string.

/** KEYS[1]: the AOR's key. ARGV: was a value read ("1"/"0"), that value, the new value ("" deletes), its TTL in ms. Returns 1 when written, 0 when the key changed. */
export const CAS_SCRIPT = `
local held = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if held ~= ARGV[2] then return 0 end
elseif held then
  return 0
end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
end
return 1
`;

/** The script's ARGV for replacing `read` (null: the key was absent) by `value` (null: delete) with `ttl` ms. */
export const casArguments = (read: string | null, value: string | null, ttl: number): ReadonlyArray<string> => [
  read === null ? "0" : "1",
  read ?? "",
  value ?? "",
  String(ttl),
];
