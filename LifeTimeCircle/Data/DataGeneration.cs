using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LifeTimeCircle.Data;

/// <summary>
/// A number that grows with every committed write to the database through this process (ADR 0012 addendum, issue 13):
/// the per-user page cache (<c>Web/PageCache</c>) keys its entries with it, so a cached page can only be served while
/// nothing was written since it was read. Counted by a command interceptor on the pooled context, so writes by any
/// path of EF Core are seen — SaveChanges, <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>, raw SQL, Identity's stores, the
/// jobs — without a list of entities that could fall behind. Writes only to tables in <see cref="Unwatched"/> (the
/// audit trail, which no cached page shows) do not count.
/// </summary>
public sealed class DataGeneration
{
    /// <summary>Tables whose rows no cached page shows; writing them leaves the cache valid.</summary>
    public static readonly IReadOnlySet<string> Unwatched = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "AuditEvents" };

    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Advance() => Interlocked.Increment(ref _value);

    /// <summary>
    /// True when the command text may change a watched table. Reads (SELECT, PRAGMA) and savepoints are not writes;
    /// INSERT, UPDATE, DELETE and REPLACE count unless their table is unwatched; anything else (DDL, a statement the
    /// parser does not know, a WITH clause) counts — when in doubt, the cache is dropped.
    /// </summary>
    public static bool Writes(string? commandText)
    {
        if (string.IsNullOrEmpty(commandText)) return false;
        foreach (var part in commandText.Split(';'))
        {
            var statement = SkipComments(part.AsSpan());
            if (statement.IsEmpty) continue;
            var keyword = Word(statement, out var rest);
            if (Is(keyword, "SELECT") || Is(keyword, "PRAGMA") || Is(keyword, "SAVEPOINT") || Is(keyword, "RELEASE")
                || Is(keyword, "EXPLAIN") || Is(keyword, "RETURNING"))
            {
                continue;
            }
            if (TableOf(keyword, rest) is { } table && Unwatched.Contains(table)) continue;
            return true;
        }
        return false;
    }

    private static string? TableOf(ReadOnlySpan<char> keyword, ReadOnlySpan<char> rest)
    {
        if (Is(keyword, "UPDATE"))
        {
            var next = Word(rest, out var afterNext);
            if (Is(next, "OR")) { Word(afterNext, out afterNext); return Identifier(afterNext); }
            return Identifier(rest);
        }
        if (Is(keyword, "DELETE"))
        {
            return Is(Word(rest, out var afterFrom), "FROM") ? Identifier(afterFrom) : null;
        }
        if (Is(keyword, "INSERT") || Is(keyword, "REPLACE"))
        {
            // INSERT [OR <conflict>] INTO "table"
            for (var i = 0; i < 3; i++)
            {
                var word = Word(rest, out rest);
                if (Is(word, "INTO")) return Identifier(rest);
                if (word.IsEmpty) return null;
            }
        }
        return null;
    }

    private static string? Identifier(ReadOnlySpan<char> text)
    {
        text = text.TrimStart();
        if (text.IsEmpty) return null;
        if (text[0] is '"' or '`' or '[')
        {
            var close = text[0] == '[' ? ']' : text[0];
            var end = text[1..].IndexOf(close);
            return end < 0 ? null : text.Slice(1, end).ToString();
        }
        var stop = text.IndexOfAny(" \t\r\n(");
        return (stop < 0 ? text : text[..stop]).ToString();
    }

    private static ReadOnlySpan<char> Word(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
    {
        text = text.TrimStart();
        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end])) end++;
        rest = text[end..];
        return text[..end];
    }

    private static ReadOnlySpan<char> SkipComments(ReadOnlySpan<char> text)
    {
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--"))
            {
                var line = text.IndexOf('\n');
                text = line < 0 ? [] : text[(line + 1)..];
                continue;
            }
            if (text.StartsWith("/*"))
            {
                var close = text.IndexOf("*/");
                text = close < 0 ? [] : text[(close + 2)..];
                continue;
            }
            return text;
        }
    }

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Advances the generation after every executed write command and again after the commit of a transaction that
    /// wrote: inside a transaction the new state becomes visible only at the commit, and a page read between the write
    /// and the commit must not be stored under the generation that follows the write.
    /// </summary>
    public sealed class Watch(DataGeneration generation) : DbCommandInterceptor, IDbTransactionInterceptor
    {
        private static readonly object Marker = new();
        private readonly ConditionalWeakTable<DbTransaction, object> _wrote = [];

        private void Seen(DbCommand command)
        {
            if (!Writes(command.CommandText)) return;
            if (command.Transaction is { } transaction) _wrote.AddOrUpdate(transaction, Marker);
            generation.Advance();
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Seen(command);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            Seen(command);
            return ValueTask.FromResult(result);
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Seen(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            Seen(command);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Seen(command);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
            CancellationToken cancellationToken = default)
        {
            Seen(command);
            return ValueTask.FromResult(result);
        }

        // A write that returns rows (INSERT … RETURNING) outside a transaction is committed when its reader is done, after
        // ReaderExecuted: count it once more then.
        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            if (command.Transaction is null && Writes(command.CommandText)) generation.Advance();
            return result;
        }

        // A failed statement may have written part of a batch outside a transaction: count it.
        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Seen(command);

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Seen(command);
            return Task.CompletedTask;
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
        {
            if (_wrote.TryGetValue(transaction, out _)) generation.Advance();
            _wrote.Remove(transaction);
        }

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            TransactionCommitted(transaction, eventData);
            return Task.CompletedTask;
        }
    }
}
