namespace PaySmart
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.Globalization;
    using System.Text;

    /// <summary>
    /// Json reads and writes JSON as plain values: objects are
    /// <c>Dictionary&lt;string, object&gt;</c>, arrays <c>List&lt;object&gt;</c>, integral numbers
    /// <c>long</c> (amounts are never read through a double), other numbers <c>decimal</c>
    /// (<c>double</c> beyond its range), and strings, booleans and null as themselves. The library
    /// carries its own so that it depends on nothing outside the base class library.
    /// </summary>
    internal static class Json
    {
        private const int MaxDepth = 256;

        /// <summary>Parse reads one JSON value; anything but whitespace after it is an error.</summary>
        public static object Parse(string text)
        {
            if (text == null)
            {
                throw new FormatException("JSON: no text");
            }

            var reader = new Reader(text);
            reader.SkipWhitespace();
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error("unexpected text after the value");
            }

            return value;
        }

        /// <summary>Serialize writes a value built of the types <see cref="Parse"/> returns
        /// (any IDictionary with string keys, any IEnumerable, any integral or decimal number).</summary>
        public static string Serialize(object value)
        {
            var sb = new StringBuilder();
            Write(sb, value, 0);
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, object value, int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException("JSON: nested too deep");
            }

            if (value == null)
            {
                sb.Append("null");
                return;
            }

            var s = value as string;
            if (s != null)
            {
                WriteString(sb, s);
                return;
            }

            if (value is bool)
            {
                sb.Append((bool)value ? "true" : "false");
                return;
            }

            if (value is long || value is int || value is short || value is sbyte || value is byte ||
                value is ushort || value is uint || value is ulong || value is decimal)
            {
                sb.Append(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                return;
            }

            if (value is double || value is float)
            {
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    throw new FormatException("JSON: a number cannot be NaN or infinite");
                }

                sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            }

            var dict = value as IDictionary;
            if (dict != null)
            {
                sb.Append('{');
                var first = true;
                foreach (DictionaryEntry entry in dict)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    WriteString(sb, Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                    sb.Append(':');
                    Write(sb, entry.Value, depth + 1);
                }

                sb.Append('}');
                return;
            }

            var list = value as IEnumerable;
            if (list != null)
            {
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Write(sb, item, depth + 1);
                }

                sb.Append(']');
                return;
            }

            throw new FormatException("JSON: cannot write a " + value.GetType().Name);
        }

        private static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\f': sb.Append("\\f"); break;
                    default:
                        if (c < 0x20 || c == '\u2028' || c == '\u2029')
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            sb.Append('"');
        }

        private sealed class Reader
        {
            private readonly string text;
            private int pos;

            public Reader(string text)
            {
                this.text = text;
            }

            public bool AtEnd
            {
                get { return this.pos >= this.text.Length; }
            }

            public FormatException Error(string what)
            {
                return new FormatException("JSON: " + what + " at offset " + this.pos.ToString(CultureInfo.InvariantCulture));
            }

            public void SkipWhitespace()
            {
                while (this.pos < this.text.Length)
                {
                    var c = this.text[this.pos];
                    if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                    {
                        return;
                    }

                    this.pos++;
                }
            }

            public object ReadValue(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw this.Error("nested too deep");
                }

                if (this.AtEnd)
                {
                    throw this.Error("unexpected end");
                }

                var c = this.text[this.pos];
                switch (c)
                {
                    case '{': return this.ReadObject(depth);
                    case '[': return this.ReadArray(depth);
                    case '"': return this.ReadString();
                    case 't': this.Expect("true"); return true;
                    case 'f': this.Expect("false"); return false;
                    case 'n': this.Expect("null"); return null;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9'))
                        {
                            return this.ReadNumber();
                        }

                        throw this.Error("unexpected character '" + c + "'");
                }
            }

            private void Expect(string word)
            {
                if (string.CompareOrdinal(this.text, this.pos, word, 0, word.Length) != 0)
                {
                    throw this.Error("invalid literal");
                }

                this.pos += word.Length;
            }

            private Dictionary<string, object> ReadObject(int depth)
            {
                var result = new Dictionary<string, object>(StringComparer.Ordinal);
                this.pos++; // {
                this.SkipWhitespace();
                if (!this.AtEnd && this.text[this.pos] == '}')
                {
                    this.pos++;
                    return result;
                }

                while (true)
                {
                    this.SkipWhitespace();
                    if (this.AtEnd || this.text[this.pos] != '"')
                    {
                        throw this.Error("expected a member name");
                    }

                    var key = this.ReadString();
                    this.SkipWhitespace();
                    if (this.AtEnd || this.text[this.pos] != ':')
                    {
                        throw this.Error("expected ':'");
                    }

                    this.pos++;
                    this.SkipWhitespace();
                    result[key] = this.ReadValue(depth + 1);
                    this.SkipWhitespace();
                    if (this.AtEnd)
                    {
                        throw this.Error("unexpected end in an object");
                    }

                    var c = this.text[this.pos++];
                    if (c == '}')
                    {
                        return result;
                    }

                    if (c != ',')
                    {
                        this.pos--;
                        throw this.Error("expected ',' or '}'");
                    }
                }
            }

            private List<object> ReadArray(int depth)
            {
                var result = new List<object>();
                this.pos++; // [
                this.SkipWhitespace();
                if (!this.AtEnd && this.text[this.pos] == ']')
                {
                    this.pos++;
                    return result;
                }

                while (true)
                {
                    this.SkipWhitespace();
                    result.Add(this.ReadValue(depth + 1));
                    this.SkipWhitespace();
                    if (this.AtEnd)
                    {
                        throw this.Error("unexpected end in an array");
                    }

                    var c = this.text[this.pos++];
                    if (c == ']')
                    {
                        return result;
                    }

                    if (c != ',')
                    {
                        this.pos--;
                        throw this.Error("expected ',' or ']'");
                    }
                }
            }

            private string ReadString()
            {
                this.pos++; // "
                var sb = new StringBuilder();
                while (true)
                {
                    if (this.AtEnd)
                    {
                        throw this.Error("unterminated string");
                    }

                    var c = this.text[this.pos++];
                    if (c == '"')
                    {
                        return sb.ToString();
                    }

                    if (c < 0x20)
                    {
                        throw this.Error("control character in a string");
                    }

                    if (c != '\\')
                    {
                        sb.Append(c);
                        continue;
                    }

                    if (this.AtEnd)
                    {
                        throw this.Error("unterminated escape");
                    }

                    var e = this.text[this.pos++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (this.pos + 4 > this.text.Length)
                            {
                                throw this.Error("short \\u escape");
                            }

                            int code;
                            if (!int.TryParse(this.text.Substring(this.pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                            {
                                throw this.Error("invalid \\u escape");
                            }

                            sb.Append((char)code);
                            this.pos += 4;
                            break;
                        default:
                            throw this.Error("invalid escape '\\" + e + "'");
                    }
                }
            }

            private object ReadNumber()
            {
                var start = this.pos;
                if (this.text[this.pos] == '-')
                {
                    this.pos++;
                }

                var integral = true;
                var digits = this.Digits();
                if (digits == 0)
                {
                    throw this.Error("invalid number");
                }

                if (digits > 1 && this.text[this.pos - digits] == '0')
                {
                    throw this.Error("leading zero in a number");
                }

                if (!this.AtEnd && this.text[this.pos] == '.')
                {
                    integral = false;
                    this.pos++;
                    if (this.Digits() == 0)
                    {
                        throw this.Error("invalid fraction");
                    }
                }

                if (!this.AtEnd && (this.text[this.pos] == 'e' || this.text[this.pos] == 'E'))
                {
                    integral = false;
                    this.pos++;
                    if (!this.AtEnd && (this.text[this.pos] == '+' || this.text[this.pos] == '-'))
                    {
                        this.pos++;
                    }

                    if (this.Digits() == 0)
                    {
                        throw this.Error("invalid exponent");
                    }
                }

                var s = this.text.Substring(start, this.pos - start);
                long l;
                if (integral && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l))
                {
                    return l;
                }

                decimal m;
                if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out m))
                {
                    return m;
                }

                return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            private int Digits()
            {
                var n = 0;
                while (!this.AtEnd && this.text[this.pos] >= '0' && this.text[this.pos] <= '9')
                {
                    this.pos++;
                    n++;
                }

                return n;
            }
        }
    }
}
