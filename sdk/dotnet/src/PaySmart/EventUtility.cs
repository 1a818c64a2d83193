namespace PaySmart
{
    using System;
    using System.Collections.Generic;
    using System.Globalization;
    using System.Security.Cryptography;
    using System.Text;

    /// <summary>
    /// EventUtility verifies the events PaySmart sends to a webhook endpoint. Every delivery is a
    /// POST whose body is the event as JSON and whose PaySmart-Signature header reads
    /// <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + body)&gt;</c>, with one
    /// v1 per secret in use (two while a rolled secret's grace period runs).
    /// </summary>
    public static class EventUtility
    {
        /// <summary>SignatureHeader is the HTTP header that carries the signature.</summary>
        public const string SignatureHeader = "PaySmart-Signature";

        /// <summary>DefaultTimeTolerance is how many seconds a signature's timestamp may be from
        /// now before the event is refused as a possible replay.</summary>
        public const long DefaultTimeTolerance = 300;

        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>
        /// ConstructEvent verifies that <paramref name="json"/> was signed by PaySmart with
        /// <paramref name="secret"/> within <paramref name="tolerance"/> seconds of now, and decodes
        /// it. Pass the raw request body, before any JSON parsing, and the PaySmart-Signature header.
        /// A failed check is a <see cref="SignatureVerificationException"/> whose Code is
        /// invalid_header, not_signed, no_valid_signature, too_old or in_future.
        /// </summary>
        public static Event ConstructEvent(string json, string signatureHeader, string secret, long tolerance = DefaultTimeTolerance)
        {
            return ConstructEvent(json, signatureHeader, secret, tolerance, UnixNow());
        }

        /// <summary>ConstructEvent is <see cref="ConstructEvent(string, string, string, long)"/>
        /// with the clock given (Unix seconds), for tests.</summary>
        public static Event ConstructEvent(string json, string signatureHeader, string secret, long tolerance, long utcNow)
        {
            ValidateSignature(json, signatureHeader, secret, tolerance, utcNow);
            return ParseEvent(json);
        }

        /// <summary>ParseEvent decodes an event without checking its signature: only for a body
        /// that was verified already.</summary>
        public static Event ParseEvent(string json)
        {
            object parsed;
            try
            {
                parsed = Json.Parse(json);
            }
            catch (FormatException e)
            {
                throw new PaySmartException("PaySmart: the event is not valid JSON (" + e.Message + ")", e);
            }

            var dict = parsed as IDictionary<string, object>;
            if (dict == null)
            {
                throw new PaySmartException("PaySmart: the event is not a JSON object");
            }

            return (Event)JsonMapper.Populate(new Event(), dict);
        }

        /// <summary>ValidateSignature is ConstructEvent without the decoding.</summary>
        public static void ValidateSignature(string json, string signatureHeader, string secret, long tolerance = DefaultTimeTolerance)
        {
            ValidateSignature(json, signatureHeader, secret, tolerance, UnixNow());
        }

        /// <summary>ValidateSignature is ConstructEvent without the decoding, with the clock given.</summary>
        public static void ValidateSignature(string json, string signatureHeader, string secret, long tolerance, long utcNow)
        {
            if (tolerance <= 0)
            {
                tolerance = DefaultTimeTolerance;
            }

            long timestamp;
            var signatures = ParseHeader(json, signatureHeader, out timestamp);
            var expected = ComputeSignature(secret ?? string.Empty, timestamp, json ?? string.Empty);
            var ok = false;
            foreach (var s in signatures)
            {
                // Every candidate is compared, in constant time, whatever the first gave.
                ok |= FixedTimeEquals(s, expected);
            }

            if (!ok)
            {
                throw new SignatureVerificationException(
                    "no_valid_signature", "No signature matches the payload and the endpoint secret (a wrong secret, or a body changed since it was signed).",
                    signatureHeader, json);
            }

            // Checked after the signature, so that a forged header learns nothing.
            var age = utcNow - timestamp;
            if (age > tolerance)
            {
                throw new SignatureVerificationException("too_old", "The signature's timestamp is too old (possible replay).", signatureHeader, json);
            }

            if (age < -tolerance)
            {
                throw new SignatureVerificationException("in_future", "The signature's timestamp is in the future.", signatureHeader, json);
            }
        }

        /// <summary>ComputeSignature returns HMAC-SHA256(secret, "&lt;timestamp&gt;.&lt;payload&gt;") of the
        /// UTF-8 bytes.</summary>
        public static byte[] ComputeSignature(string secret, long timestamp, string payload)
        {
            using (var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret)))
            {
                return hmac.ComputeHash(Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + payload));
            }
        }

        /// <summary>GenerateSignatureHeader returns the PaySmart-Signature value for a payload at
        /// a time (Unix seconds): one v1 per secret, in the order given. For tests of a
        /// merchant's webhook handler.</summary>
        public static string GenerateSignatureHeader(string payload, long timestamp, params string[] secrets)
        {
            var sb = new StringBuilder("t=").Append(timestamp.ToString(CultureInfo.InvariantCulture));
            foreach (var secret in secrets)
            {
                sb.Append(",v1=");
                foreach (var b in ComputeSignature(secret, timestamp, payload))
                {
                    sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                }
            }

            return sb.ToString();
        }

        private static long UnixNow()
        {
            return (long)Math.Floor((DateTime.UtcNow - Epoch).TotalSeconds);
        }

        /// <summary>ParseHeader reads t and every v1 of a signature header; other schemes (v0)
        /// and unknown keys are ignored, and so is a v1 that is not 64 hex digits.</summary>
        private static List<byte[]> ParseHeader(string json, string header, out long timestamp)
        {
            timestamp = 0;
            var seenT = false;
            var signatures = new List<byte[]>();
            foreach (var part in (header ?? string.Empty).Split(','))
            {
                var item = part.Trim();
                var eq = item.IndexOf('=');
                if (eq < 0)
                {
                    continue;
                }

                var key = item.Substring(0, eq);
                var value = item.Substring(eq + 1);
                if (key == "t")
                {
                    long t;
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out t) || t <= 0)
                    {
                        throw InvalidHeader(header, json);
                    }

                    timestamp = t;
                    seenT = true;
                }
                else if (key == "v1")
                {
                    var sig = DecodeHex(value);
                    if (sig != null && sig.Length == 32)
                    {
                        signatures.Add(sig);
                    }
                }
            }

            if (!seenT)
            {
                throw InvalidHeader(header, json);
            }

            if (signatures.Count == 0)
            {
                throw new SignatureVerificationException("not_signed", "The PaySmart-Signature header has no v1 signature.", header, json);
            }

            return signatures;
        }

        private static SignatureVerificationException InvalidHeader(string header, string json)
        {
            return new SignatureVerificationException(
                "invalid_header", "Invalid PaySmart-Signature header (want t=<timestamp>,v1=<signature>).", header, json);
        }

        private static byte[] DecodeHex(string s)
        {
            if (s.Length % 2 != 0)
            {
                return null;
            }

            var bytes = new byte[s.Length / 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                int hi = HexValue(s[2 * i]), lo = HexValue(s[(2 * i) + 1]);
                if (hi < 0 || lo < 0)
                {
                    return null;
                }

                bytes[i] = (byte)((hi << 4) | lo);
            }

            return bytes;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private static bool FixedTimeEquals(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            var diff = 0;
            for (var i = 0; i < a.Length; i++)
            {
                diff |= a[i] ^ b[i];
            }

            return diff == 0;
        }
    }
}
