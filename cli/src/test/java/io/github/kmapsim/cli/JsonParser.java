// SPDX-License-Identifier: GPL-2.0-only WITH Classpath-exception-2.0
package io.github.kmapsim.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the JSON the commands print, for tests: objects become maps in member order,
 * arrays lists, integers {@code Long}, other numbers {@code Double}. Anything after the one value
 * but blanks is an error.
 */
final class JsonParser {
  private final String text;
  private int at;

  private JsonParser(String text) {
    this.text = text;
  }

  /** Parses exactly one JSON value. */
  static Object parse(String text) {
    JsonParser p = new JsonParser(text);
    Object v = p.value();
    p.blanks();
    if (p.at != text.length()) {
      throw p.error("text after the value");
    }
    return v;
  }

  /** Parses one JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not an object: " + text);
    }
    return (Map<String, Object>) v;
  }

  private Object value() {
    blanks();
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> members();
      case '[' -> elements();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> members() {
    Map<String, Object> m = new LinkedHashMap<>();
    at++;
    blanks();
    if (peek('}')) {
      return m;
    }
    do {
      blanks();
      String key = string();
      blanks();
      expect(':');
      if (m.put(key, value()) != null) {
        throw error("duplicate key " + key);
      }
      blanks();
    } while (peek(','));
    expect('}');
    return m;
  }

  private List<Object> elements() {
    List<Object> l = new ArrayList<>();
    at++;
    blanks();
    if (peek(']')) {
      return l;
    }
    do {
      l.add(value());
      blanks();
    } while (peek(','));
    expect(']');
    return l;
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = text.charAt(at++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'u' -> {
          sb.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          at += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = at;
    while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
    String n = text.substring(start, at);
    if (!n.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
      throw error("not a JSON number: '" + n + "'");
    }
    if (n.matches("-?\\d+")) {
      return Long.parseLong(n);
    }
    return Double.parseDouble(n);
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, at)) {
      throw error("expected " + word);
    }
    at += word.length();
    return value;
  }

  private boolean peek(char c) {
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private void blanks() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private IllegalArgumentException error(String why) {
    return new IllegalArgumentException(why + " at offset " + at + ": "
        + text.substring(Math.max(0, at - 20), Math.min(text.length(), at + 20)));
  }
}
