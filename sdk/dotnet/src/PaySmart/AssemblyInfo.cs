using System.Runtime.CompilerServices;

// The tests read JSON and compute retry delays through the library's internals.
[assembly: InternalsVisibleTo("PaySmart.Tests")]
