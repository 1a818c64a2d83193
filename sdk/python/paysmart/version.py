"""The version of the paysmart package, sent in every request's User-Agent."""

VERSION = "0.1.0"
