/// The predicate language lab authors write in `run: {until: …}`, `task:
/// {goal: …}` and `predict` choices. Small on purpose:
///
///     count(role == leader) == 1
///     leader.term > 3 && committed(n3) >= 5
///     no_leader_for(2s) || partitioned(n1, n2)
///
/// Numbers, durations (`2s`, `150ms`, as microseconds), strings (`'x'`),
/// `true`/`false`, node names (`n1`, `c2`), `leader`, `now`; operators
/// `! && || == != < <= > >= + -` (also `and`, `or`, `not`); `node.property`;
/// and the functions in `PredicateFunctions`. Inside `count`, `all` and `any`
/// a bare property (`role`, `term`, `up`) means "of each server". A bare word
/// that is not a name (`leader` in `role == leader` is a role) is a symbol:
/// a string compared by value.
public indirect enum PredicateExpr: Sendable, Hashable {
    case number(Double, at: Int)
    case string(String, at: Int)
    case bool(Bool, at: Int)
    /// A bare word: a node, a global, a property in node context, or a symbol.
    case name(String, at: Int)
    case member(PredicateExpr, String, at: Int)
    case call(String, [PredicateExpr], at: Int)
    case unary(String, PredicateExpr, at: Int)
    case binary(String, PredicateExpr, PredicateExpr, at: Int)

    /// Offset of the leftmost character of the whole expression.
    public var startOffset: Int {
        switch self {
        case .member(let base, _, _): return base.startOffset
        case .binary(_, let l, _, _): return l.startOffset
        default: return offset
        }
    }

    /// Offset of the expression's operator or name in the source text.
    public var offset: Int {
        switch self {
        case .number(_, let a), .string(_, let a), .bool(_, let a), .name(_, let a), .member(_, _, let a),
             .call(_, _, let a), .unary(_, _, let a), .binary(_, _, _, let a): return a
        }
    }
}

/// A problem in a predicate, at a character offset in its text.
public struct PredicateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "column \(offset + 1): \(message)" }
}

/// Turns predicate text into an expression tree (recursive descent).
public struct PredicateParser {
    enum Token: Equatable {
        case number(Double), string(String), word(String), op(String), lparen, rparen, comma, dot, end
    }
    private var tokens: [(Token, Int)] = []
    private var i = 0

    public static func parse(_ text: String) throws -> PredicateExpr {
        var p = PredicateParser()
        p.tokens = try lex(text)
        let e = try p.parseOr()
        guard case .end = p.peek else { throw PredicateError(offset: p.offset, message: "unexpected \(p.describe(p.peek)) after a complete expression") }
        return e
    }

    static func lex(_ text: String) throws -> [(Token, Int)] {
        let chars = Array(text)
        var out: [(Token, Int)] = []
        var k = 0
        while k < chars.count {
            let c = chars[k]
            if c == " " || c == "\t" || c == "\n" { k += 1; continue }
            let start = k
            if c.isNumber {
                while k < chars.count, chars[k].isNumber || chars[k] == "." { k += 1 }
                var unitEnd = k
                while unitEnd < chars.count, chars[unitEnd].isLetter || chars[unitEnd] == "µ" { unitEnd += 1 }
                let number = String(chars[start..<k]), unit = String(chars[k..<unitEnd])
                if unit.isEmpty {
                    guard let v = Double(number) else { throw PredicateError(offset: start, message: "bad number '\(number)'") }
                    out.append((.number(v), start))
                } else {
                    guard let us = DurationParse.microseconds(number + unit) else {
                        throw PredicateError(offset: start, message: "bad duration '\(number + unit)': write 2s, 150ms or 500us")
                    }
                    out.append((.number(Double(us)), start))
                }
                k = unitEnd
            } else if c.isLetter || c == "_" {
                while k < chars.count, chars[k].isLetter || chars[k].isNumber || chars[k] == "_" { k += 1 }
                out.append((.word(String(chars[start..<k])), start))
            } else if c == "'" || c == "\"" {
                k += 1
                while k < chars.count, chars[k] != c { k += 1 }
                guard k < chars.count else { throw PredicateError(offset: start, message: "unterminated string") }
                out.append((.string(String(chars[(start + 1)..<k])), start))
                k += 1
            } else if c == "(" { out.append((.lparen, k)); k += 1 }
            else if c == ")" { out.append((.rparen, k)); k += 1 }
            else if c == "," { out.append((.comma, k)); k += 1 }
            else if c == "." { out.append((.dot, k)); k += 1 }
            else {
                let two = k + 1 < chars.count ? String(chars[k...k + 1]) : ""
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) { out.append((.op(two), k)); k += 2 }
                else if "<>!+-*/".contains(c) { out.append((.op(String(c)), k)); k += 1 }
                else if c == "=" { throw PredicateError(offset: k, message: "'=' is not an operator here: compare with '=='") }
                else { throw PredicateError(offset: k, message: "unexpected character '\(c)'") }
            }
        }
        out.append((.end, chars.count))
        return out
    }

    private var peek: Token { tokens[i].0 }
    private var offset: Int { tokens[i].1 }
    private mutating func advance() { if i < tokens.count - 1 { i += 1 } }

    private func describe(_ t: Token) -> String {
        switch t {
        case .number(let v): return "number \(v)"
        case .string(let s): return "'\(s)'"
        case .word(let w): return "'\(w)'"
        case .op(let o): return "'\(o)'"
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .comma: return "','"
        case .dot: return "'.'"
        case .end: return "the end"
        }
    }

    private mutating func isOp(_ ops: [String], words: [String: String] = [:]) -> String? {
        if case .op(let o) = peek, ops.contains(o) { return o }
        if case .word(let w) = peek, let o = words[w] { return o }
        return nil
    }

    private mutating func parseOr() throws -> PredicateExpr {
        var l = try parseAnd()
        while isOp(["||"], words: ["or": "||"]) != nil {
            let at = offset; advance()
            l = .binary("||", l, try parseAnd(), at: at)
        }
        return l
    }

    private mutating func parseAnd() throws -> PredicateExpr {
        var l = try parseNot()
        while isOp(["&&"], words: ["and": "&&"]) != nil {
            let at = offset; advance()
            l = .binary("&&", l, try parseNot(), at: at)
        }
        return l
    }

    private mutating func parseNot() throws -> PredicateExpr {
        if isOp(["!"], words: ["not": "!"]) != nil {
            let at = offset; advance()
            return .unary("!", try parseNot(), at: at)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws -> PredicateExpr {
        let l = try parseSum()
        if let o = isOp(["==", "!=", "<", "<=", ">", ">="]) {
            let at = offset; advance()
            let r = try parseSum()
            if isOp(["==", "!=", "<", "<=", ">", ">="]) != nil {
                throw PredicateError(offset: offset, message: "comparisons don't chain: write a < b && b < c")
            }
            return .binary(o, l, r, at: at)
        }
        return l
    }

    private mutating func parseSum() throws -> PredicateExpr {
        var l = try parseProduct()
        while let o = isOp(["+", "-"]) {
            let at = offset; advance()
            l = .binary(o, l, try parseProduct(), at: at)
        }
        return l
    }

    /// `*` and `/` bind tighter than `+` and `-`, so `2 * count(up) > servers`
    /// reads as a lab author means it.
    private mutating func parseProduct() throws -> PredicateExpr {
        var l = try parsePostfix()
        while let o = isOp(["*", "/"]) {
            let at = offset; advance()
            l = .binary(o, l, try parsePostfix(), at: at)
        }
        return l
    }

    private mutating func parsePostfix() throws -> PredicateExpr {
        var e = try parseAtom()
        while case .dot = peek {
            advance()
            guard case .word(let w) = peek else { throw PredicateError(offset: offset, message: "expected a property name after '.'") }
            e = .member(e, w, at: offset); advance()
        }
        return e
    }

    private mutating func parseAtom() throws -> PredicateExpr {
        let at = offset
        switch peek {
        case .number(let v): advance(); return .number(v, at: at)
        case .string(let s): advance(); return .string(s, at: at)
        case .op("-"):
            advance()
            return .binary("-", .number(0, at: at), try parsePostfix(), at: at)
        case .lparen:
            advance()
            let e = try parseOr()
            guard case .rparen = peek else { throw PredicateError(offset: offset, message: "expected ')' to close the '(' at column \(at + 1)") }
            advance()
            return e
        case .word(let w):
            advance()
            if w == "true" { return .bool(true, at: at) }
            if w == "false" { return .bool(false, at: at) }
            if case .lparen = peek {
                advance()
                var args: [PredicateExpr] = []
                if case .rparen = peek { advance(); return .call(w, [], at: at) }
                while true {
                    args.append(try parseOr())
                    if case .comma = peek { advance(); continue }
                    guard case .rparen = peek else { throw PredicateError(offset: offset, message: "expected ',' or ')' in the arguments of \(w)") }
                    advance()
                    return .call(w, args, at: at)
                }
            }
            return .name(w, at: at)
        default:
            throw PredicateError(offset: at, message: peek == .end ? "the expression ends too soon" : "unexpected \(describe(peek))")
        }
    }
}

/// Durations inside predicates, by the engine's rules.
enum DurationParse {
    static func microseconds(_ text: String) -> Int64? {
        let t = text.replacingOccurrences(of: "µs", with: "us")
        guard t.last?.isLetter == true else { return nil }
        return DurationTextBridge.parse(t)
    }
}

import ClusterSim
enum DurationTextBridge { static func parse(_ s: String) -> Int64? { DurationText.parse(s) } }
