namespace Provisioner.Core.Definitions.Yaml;

/// <summary>A minimal YAML tree that keeps every node's position and, unlike YamlDotNet's representation model,
/// keeps duplicate mapping keys so that they can be reported together with every other error.</summary>
internal abstract record YamlTreeNode(int Line, int Column);

/// <summary>A scalar and the type the YAML 1.2 core schema gives it (quoted scalars are always strings).</summary>
internal sealed record YamlTreeScalar(string Value, YamlScalarKind Kind, int Line, int Column) : YamlTreeNode(Line, Column);

internal sealed record YamlTreeMapping(IReadOnlyList<YamlTreeEntry> Entries, int Line, int Column) : YamlTreeNode(Line, Column);

internal sealed record YamlTreeSequence(IReadOnlyList<YamlTreeNode> Items, int Line, int Column) : YamlTreeNode(Line, Column);

internal sealed record YamlTreeEntry(YamlTreeNode Key, YamlTreeNode Value);

internal enum YamlScalarKind
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}
