namespace Audit.Infrastructure.Redis;

/// <summary>
/// Lua run inside Redis, so that moving a batch to the processing list and removing committed entries
/// are each atomic and one round trip.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: source, processing. ARGV: count. Moves up to count entries, oldest first (Redis 6.2+).</summary>
    public const string MoveBatch = """
        local out = {}
        for i = 1, tonumber(ARGV[1]) do
          local v = redis.call('LMOVE', KEYS[1], KEYS[2], 'LEFT', 'RIGHT')
          if not v then break end
          out[#out + 1] = v
        end
        return out
        """;

    /// <summary>The same for Redis before 6.2, which lacks LMOVE (order within a batch is then newest first).</summary>
    public const string MoveBatchLegacy = """
        local out = {}
        for i = 1, tonumber(ARGV[1]) do
          local v = redis.call('RPOPLPUSH', KEYS[1], KEYS[2])
          if not v then break end
          out[#out + 1] = v
        end
        return out
        """;

    /// <summary>KEYS: processing. ARGV: the committed entries. Removes one copy of each.</summary>
    public const string Release = """
        local n = 0
        for i = 1, #ARGV do
          n = n + redis.call('LREM', KEYS[1], 1, ARGV[i])
        end
        return n
        """;
}
