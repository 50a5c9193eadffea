/** JSON-RPC messages are small: tool arguments are bounded by their schemas. */
export const MCP_MAX_BODY_BYTES = 256 * 1024;
