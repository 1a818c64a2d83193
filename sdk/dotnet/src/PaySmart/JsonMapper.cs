namespace PaySmart
{
    using System;
    using System.Collections;
    using System.Collections.Concurrent;
    using System.Collections.Generic;
    using System.Globalization;
    using System.Reflection;

    /// <summary>
    /// JsonNameAttribute names the JSON field a property of an entity or an options class stands
    /// for. Two properties may name the same field: an expandable field such as a payment's
    /// <c>customer</c> fills <c>CustomerId</c> (a string) with the id and <c>Customer</c> (an
    /// entity) with the object when it was expanded.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class JsonNameAttribute : Attribute
    {
        public JsonNameAttribute(string name)
        {
            this.Name = name;
        }

        public string Name { get; private set; }
    }

    /// <summary>
    /// JsonMapper turns the values <see cref="Json"/> reads into entities, and options into the
    /// values it writes, through the <see cref="JsonNameAttribute"/> of their properties.
    /// </summary>
    internal static class JsonMapper
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private static readonly ConcurrentDictionary<Type, KeyValuePair<string, PropertyInfo>[]> Properties =
            new ConcurrentDictionary<Type, KeyValuePair<string, PropertyInfo>[]>();

        /// <summary>ObjectTypes maps the "object" field of an event's data to its entity.</summary>
        private static readonly Dictionary<string, Type> ObjectTypes = new Dictionary<string, Type>
        {
            { "payment", typeof(Payment) },
            { "refund", typeof(Refund) },
            { "customer", typeof(Customer) },
            { "payment_method", typeof(PaymentMethod) },
            { "event", typeof(Event) },
            { "webhook_endpoint", typeof(WebhookEndpoint) },
            { "webhook_delivery", typeof(WebhookDelivery) },
            { "subscription", typeof(Subscription) },
            { "test_helpers.test_clock", typeof(TestClock) },
        };

        /// <summary>ToUnixSeconds is what the API takes for a time. A DateTime of unspecified
        /// kind is taken as UTC, as the API's times are; a local one is converted.</summary>
        public static long ToUnixSeconds(DateTime t)
        {
            var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
            return (long)Math.Floor((utc - Epoch).TotalSeconds);
        }

        /// <summary>FromUnixSeconds reads a time the API sent, as UTC.</summary>
        public static DateTime FromUnixSeconds(long seconds)
        {
            return Epoch.AddSeconds(seconds);
        }

        /// <summary>Deserialize parses JSON text into T.</summary>
        public static T Deserialize<T>(string json)
        {
            return (T)ToType(typeof(T), Json.Parse(json));
        }

        /// <summary>ToType converts a parsed JSON value to the type of a property.</summary>
        public static object ToType(Type type, object value)
        {
            var underlying = Nullable.GetUnderlyingType(type);
            if (value == null)
            {
                return type.IsValueType && underlying == null ? Activator.CreateInstance(type) : null;
            }

            var target = underlying ?? type;
            if (target == typeof(object))
            {
                return value;
            }

            if (target == typeof(string))
            {
                var dict = value as IDictionary<string, object>;
                if (dict != null)
                {
                    // An expanded object where its id was asked for.
                    object id;
                    return dict.TryGetValue("id", out id) ? id as string : null;
                }

                return value is IDictionary || value is IList ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
            }

            if (target == typeof(long) || target == typeof(int))
            {
                if (value is long || value is decimal || value is double)
                {
                    return Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                var s = value as string;
                long parsed;
                if (s != null && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out parsed))
                {
                    return Convert.ChangeType(parsed, target, CultureInfo.InvariantCulture);
                }

                return underlying != null ? null : Activator.CreateInstance(target);
            }

            if (target == typeof(decimal))
            {
                return value is long || value is decimal || value is double ? Convert.ToDecimal(value, CultureInfo.InvariantCulture) : 0m;
            }

            if (target == typeof(bool))
            {
                if (value is bool)
                {
                    return value;
                }

                return underlying != null ? null : (object)false;
            }

            if (target == typeof(DateTime))
            {
                if (value is long)
                {
                    return FromUnixSeconds((long)value);
                }

                return underlying != null ? null : (object)default(DateTime);
            }

            if (typeof(PaySmartEntity).IsAssignableFrom(target))
            {
                var dict = value as IDictionary<string, object>;
                if (dict == null)
                {
                    return null; // an id where the object could be expanded
                }

                if (target.IsAbstract)
                {
                    // The object of an event: its "object" field says what it is.
                    object name;
                    Type concrete;
                    if (!dict.TryGetValue("object", out name) || !(name is string) || !ObjectTypes.TryGetValue((string)name, out concrete))
                    {
                        return null;
                    }

                    target = concrete;
                }

                return Populate((PaySmartEntity)Activator.CreateInstance(target, true), dict);
            }

            if (target.IsGenericType)
            {
                var def = target.GetGenericTypeDefinition();
                var args = target.GetGenericArguments();
                if ((def == typeof(Dictionary<,>) || def == typeof(IDictionary<,>)) && args[0] == typeof(string))
                {
                    var dict = value as IDictionary<string, object>;
                    if (dict == null)
                    {
                        return null;
                    }

                    var result = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args));
                    foreach (var entry in dict)
                    {
                        result[entry.Key] = ToType(args[1], entry.Value);
                    }

                    return result;
                }

                if (def == typeof(List<>) || def == typeof(IList<>) || def == typeof(IEnumerable<>))
                {
                    var list = value as IList;
                    if (list == null)
                    {
                        return null;
                    }

                    var result = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(args));
                    foreach (var item in list)
                    {
                        result.Add(ToType(args[0], item));
                    }

                    return result;
                }
            }

            throw new NotSupportedException("PaySmart: cannot read JSON into a " + target.Name);
        }

        /// <summary>Populate sets the properties of an entity from a JSON object and keeps the
        /// object as the entity's raw values.</summary>
        public static PaySmartEntity Populate(PaySmartEntity entity, IDictionary<string, object> dict)
        {
            entity.RawValues = dict;
            foreach (var p in PropertiesOf(entity.GetType()))
            {
                object value;
                if (dict.TryGetValue(p.Key, out value))
                {
                    p.Value.SetValue(entity, ToType(p.Value.PropertyType, value), null);
                }
            }

            return entity;
        }

        /// <summary>ToParameters turns options into the JSON object of a request body (or, flattened,
        /// its query string): unset (null) properties are left out.</summary>
        public static Dictionary<string, object> ToParameters(BaseOptions options)
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            if (options == null)
            {
                return result;
            }

            foreach (var p in PropertiesOf(options.GetType()))
            {
                var value = FromValue(p.Value.GetValue(options, null));
                if (value != null)
                {
                    result[p.Key] = value;
                }
            }

            if (options.ExtraParams != null)
            {
                foreach (var entry in options.ExtraParams)
                {
                    result[entry.Key] = FromValue(entry.Value);
                }
            }

            return result;
        }

        private static object FromValue(object value)
        {
            if (value == null || value is string || value is bool || value is long || value is int || value is decimal)
            {
                return value;
            }

            if (value is DateTime)
            {
                return ToUnixSeconds((DateTime)value);
            }

            if (value is Enum)
            {
                return value.ToString();
            }

            var options = value as BaseOptions;
            if (options != null)
            {
                return ToParameters(options);
            }

            var dict = value as IDictionary;
            if (dict != null)
            {
                var result = new Dictionary<string, object>(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in dict)
                {
                    result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)] = FromValue(entry.Value);
                }

                return result;
            }

            var list = value as IEnumerable;
            if (list != null)
            {
                var result = new List<object>();
                foreach (var item in list)
                {
                    result.Add(FromValue(item));
                }

                return result;
            }

            return value;
        }

        private static KeyValuePair<string, PropertyInfo>[] PropertiesOf(Type type)
        {
            return Properties.GetOrAdd(type, t =>
            {
                var list = new List<KeyValuePair<string, PropertyInfo>>();
                foreach (var p in t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                {
                    var attr = (JsonNameAttribute)Attribute.GetCustomAttribute(p, typeof(JsonNameAttribute));
                    if (attr != null && p.CanRead && p.CanWrite)
                    {
                        list.Add(new KeyValuePair<string, PropertyInfo>(attr.Name, p));
                    }
                }

                return list.ToArray();
            });
        }
    }
}
