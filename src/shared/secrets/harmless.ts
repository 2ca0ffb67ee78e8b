// Values that are never a secret, even under a secret-looking name: switches, numbers and
// durations, file paths (TLSConfig.KeyFile, CONSUL_CLIENT_KEY=/etc/...), IP addresses, and
// references to other variables. Support needs them readable.

const SWITCH = /^(?:true|false|yes|no|on|off|none|null|nil|enabled|disabled|required|optional|0|1|-)$/i;
const NUMBER_OR_DURATION = /^-?\d{1,20}(?:\.\d{1,20})?(?:ns|us|µs|ms|s|m|h|d)?$/;
const IP_PORT = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?$/;
const REFERENCE = /^\$\{[\w.-]{1,100}\}$/;
const PATH = /^(?:~|\.{1,2})?(?:\/[\w.@-]{1,255}){1,64}\/?$/;
/** A base64 key may start with "/" too; a path has a lower-case or punctuated segment. */
const PATH_LIKE = /[._-]|^[/a-z0-9]+$/;

export function isHarmlessValue(value: string): boolean {
  const v = value.trim();
  if (v.length > 4096) return false;
  if (SWITCH.test(v) || NUMBER_OR_DURATION.test(v) || IP_PORT.test(v) || REFERENCE.test(v)) return true;
  return PATH.test(v) && PATH_LIKE.test(v);
}
