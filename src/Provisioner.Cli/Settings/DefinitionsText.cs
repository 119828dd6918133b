using System.Text;

namespace Provisioner.Cli.Settings;

/// <summary>Definitions files are UTF-8. Invalid bytes are refused with their line and column — decoding them
/// leniently would turn them into U+FFFD and send that as a connection's name.</summary>
internal static class DefinitionsText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(byte[] bytes, string display)
    {
        ReadOnlySpan<byte> byteOrderMark = [0xEF, 0xBB, 0xBF];
        var start = bytes.AsSpan().StartsWith(byteOrderMark) ? byteOrderMark.Length : 0;
        try
        {
            return Strict.GetString(bytes.AsSpan(start));
        }
        catch (DecoderFallbackException e)
        {
            var at = start + Math.Max(e.Index, 0);
            var line = 1 + bytes.AsSpan(0, at).Count((byte)'\n');
            var lineStart = bytes.AsSpan(0, at).LastIndexOf((byte)'\n') + 1;
            var column = 1 + Strict.GetCharCount(bytes, lineStart, at - lineStart);
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? $" (byte 0x{unknown[0]:X2})" : "";
            throw new CliException($"{display}:{line}:{column}: the file is not valid UTF-8{bad}; save it as UTF-8");
        }
    }
}
