using System.Reflection;
using System.Reflection.Emit;
using Audit.Domain.Parsing;

namespace Audit.Tests.Domain;

/// <summary>
/// The Domain's sub-namespaces depend on one another one way only. Dependencies are read from the
/// compiled assembly: signatures, base types, fields, locals and every type, method and field token in
/// the IL of method bodies (so a call inside a method counts, not only a parameter type).
/// </summary>
public sealed class DomainNamespaceTests
{
    private const string Root = "Audit.Domain";

    private static readonly string[] ParserFamilies = ["Audit.Domain.App", "Audit.Domain.Auditd", "Audit.Domain.Auth", "Audit.Domain.Bash", "Audit.Domain.IPython"];

    /// <summary>
    /// <see cref="LineParser"/> is the one explicit, ordered list of parsers: it alone in Parsing names
    /// the families, which themselves build on Parsing's contracts (<see cref="LineContext"/>,
    /// <see cref="ParseResult"/>). Its edges are left out; every other type's count.
    /// </summary>
    private static readonly Type[] OrderedParserList = [typeof(LineParser)];

    [Fact]
    public void Domain_sub_namespaces_have_no_dependency_cycle()
    {
        var graph = NamespaceGraph.Read(typeof(LineParser).Assembly, OrderedParserList);

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, "namespace cycles in Audit.Domain:\n" + string.Join("\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void Parsing_reaches_the_parser_families_only_through_the_ordered_parser_list()
    {
        var without = NamespaceGraph.Read(typeof(LineParser).Assembly, OrderedParserList);
        var with = NamespaceGraph.Read(typeof(LineParser).Assembly, []);

        Assert.All(ParserFamilies, family => Assert.False(without.HasEdge("Audit.Domain.Parsing", family), graph(without, family)));
        // The reader sees calls in method bodies: LineParser's dispatch to each family is found, and
        // counted in, it closes a cycle with every family that takes a LineContext.
        Assert.All(ParserFamilies, family => Assert.True(with.HasEdge("Audit.Domain.Parsing", family), $"Parsing -> {family} not seen"));
        Assert.Contains(with.Cycles(), c => c.Contains("Audit.Domain.Parsing") && c.Contains("Audit.Domain.Auditd"));

        static string graph(NamespaceGraph g, string family) => $"Parsing -> {family}: {string.Join(", ", g.Sources("Audit.Domain.Parsing", family))}";
    }

    [Fact]
    public void Auditd_types_live_in_Auditd_and_Events_depends_on_no_other_domain_namespace()
    {
        var graph = NamespaceGraph.Read(typeof(LineParser).Assembly, OrderedParserList);

        Assert.DoesNotContain(graph.Targets("Audit.Domain.Events"), n => n.StartsWith(Root, StringComparison.Ordinal));
        Assert.True(graph.HasEdge("Audit.Domain.Auditd", "Audit.Domain.Events"), "Auditd's events derive from AuditEvent");
    }

    /// <summary>Edges between Audit.Domain namespaces, each with the types that cause it.</summary>
    private sealed class NamespaceGraph
    {
        private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value);

        private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = [];

        public static NamespaceGraph Read(Assembly assembly, IReadOnlyCollection<Type> skipped)
        {
            var graph = new NamespaceGraph();
            foreach (var type in assembly.GetTypes())
            {
                if (type.Namespace is not { } from || !InDomain(from) || skipped.Contains(Outermost(type))) continue;
                foreach (var used in Dependencies(type))
                {
                    if (used.Namespace is { } to && InDomain(to) && to != from) graph.Add(from, to, Outermost(type).Name);
                }
            }

            return graph;
        }

        public bool HasEdge(string from, string to) => _edges.TryGetValue(from, out var targets) && targets.ContainsKey(to);

        public IEnumerable<string> Targets(string from) => _edges.TryGetValue(from, out var targets) ? targets.Keys : [];

        public IEnumerable<string> Sources(string from, string to) =>
            _edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out var types) ? types : [];

        /// <summary>Strongly connected groups of more than one namespace (Tarjan).</summary>
        public List<List<string>> Cycles()
        {
            var nodes = _edges.Keys.Concat(_edges.Values.SelectMany(t => t.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();
            var index = new Dictionary<string, int>();
            var low = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var cycles = new List<List<string>>();

            void Visit(string node)
            {
                index[node] = low[node] = index.Count;
                stack.Push(node);
                foreach (var next in Targets(node))
                {
                    if (!index.TryGetValue(next, out var seen))
                    {
                        Visit(next);
                        low[node] = Math.Min(low[node], low[next]);
                    }
                    else if (stack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], seen);
                    }
                }

                if (low[node] != index[node]) return;
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    group.Add(member);
                }
                while (member != node);
                if (group.Count > 1) cycles.Add(group);
            }

            foreach (var node in nodes.Where(n => !index.ContainsKey(n))) Visit(node);
            return cycles;
        }

        public string Describe(List<string> cycle) => string.Join("; ", cycle.SelectMany(from => cycle
            .Where(to => HasEdge(from, to))
            .Select(to => $"{from[(Root.Length + 1)..]} -> {to[(Root.Length + 1)..]} ({string.Join(", ", Sources(from, to))})")));

        private void Add(string from, string to, string type)
        {
            if (!_edges.TryGetValue(from, out var targets)) _edges[from] = targets = [];
            if (!targets.TryGetValue(to, out var types)) targets[to] = types = new SortedSet<string>(StringComparer.Ordinal);
            types.Add(type);
        }

        private static bool InDomain(string ns) => ns == Root || ns.StartsWith(Root + ".", StringComparison.Ordinal);

        private static Type Outermost(Type type)
        {
            while (type.DeclaringType is { } outer) type = outer;
            return type;
        }

        private static IEnumerable<Type> Dependencies(Type type)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var found = new List<Type>();
            if (type.BaseType is { } baseType) found.Add(baseType);
            found.AddRange(type.GetInterfaces());
            found.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
            found.AddRange(type.GetFields(all).Select(f => f.FieldType));
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (method is MethodInfo m) found.Add(m.ReturnType);
                found.AddRange(method.GetParameters().Select(p => p.ParameterType));
                if (method.GetMethodBody() is not { } body) continue;
                found.AddRange(body.LocalVariables.Select(l => l.LocalType));
                found.AddRange(BodyReferences(method, body.GetILAsByteArray() ?? []));
            }

            return found.SelectMany(Flatten);
        }

        /// <summary>Types named by the method's IL: every type, field, method or token operand, resolved.</summary>
        private static IEnumerable<Type> BodyReferences(MethodBase method, byte[] il)
        {
            var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
            var methodArgs = method is MethodInfo { IsGenericMethod: true } m ? m.GetGenericArguments() : null;
            for (var at = 0; at < il.Length;)
            {
                var value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
                at += il[at] == 0xFE ? 2 : 1;
                var op = OpCodesByValue[value];
                if (op.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
                {
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArgs, methodArgs);
                    foreach (var used in Named(member)) yield return used;
                }

                at += op.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                    _ => 4,
                };
            }
        }

        private static IEnumerable<Type> Named(MemberInfo? member) => member switch
        {
            Type type => [type],
            FieldInfo field => [field.DeclaringType!, field.FieldType],
            MethodInfo method => [method.DeclaringType!, method.ReturnType, .. method.GetParameters().Select(p => p.ParameterType), .. method.IsGenericMethod ? method.GetGenericArguments() : []],
            MethodBase ctor => [ctor.DeclaringType!, .. ctor.GetParameters().Select(p => p.ParameterType)],
            _ => [],
        };

        /// <summary>A type and what it is made of: element types of arrays, pointers and refs, generic arguments.</summary>
        private static IEnumerable<Type> Flatten(Type type)
        {
            if (type.IsGenericParameter || type.IsFunctionPointer) yield break;
            if (type.HasElementType)
            {
                foreach (var inner in Flatten(type.GetElementType()!)) yield return inner;
                yield break;
            }

            yield return type;
            if (!type.IsGenericType) yield break;
            foreach (var inner in type.GetGenericArguments().SelectMany(Flatten)) yield return inner;
        }
    }
}
