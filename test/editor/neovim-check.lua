-- Neovim 0.7.2 as a second, independent LSP client: attaches dist/server.js over stdio to the template given
-- on the command line, waits for diagnostics, asks for completion and definition on the flow's `To`, and
-- writes it all as JSON for scripts/editor/run-neovim.mjs to check. 0.7 has no vim.lsp.start, hence start_client + buf_attach_client.
-- Env: PACKETWALK_SERVER (path of dist/server.js), PACKETWALK_NVIM_OUT (where to write the JSON).
local server = os.getenv('PACKETWALK_SERVER')
local out = os.getenv('PACKETWALK_NVIM_OUT')

local function finish(result, code)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  if code == 0 then vim.cmd('qall!') else vim.cmd('cquit! ' .. code) end
end

vim.api.nvim_create_autocmd('BufEnter', { once = true, callback = function(args)
  local buf = args.buf
  local name = vim.api.nvim_buf_get_name(buf)
  local id = vim.lsp.start_client({
    name = 'packetwalk',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(name, ':p:h'),
  })
  if not id then return finish({ error = 'start_client failed' }, 3) end
  vim.lsp.buf_attach_client(buf, id)
  local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(diags, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source, code = d.code
        or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) })
  end
  -- Help while writing flows: completion and definition on the flow's `To: Db` (line 10, 1-based).
  local function first(responses)
    for _, r in pairs(responses or {}) do if r.result then return r.result end end
    return nil
  end
  local doc = { uri = vim.uri_from_bufnr(buf) }
  local completion = first(vim.lsp.buf_request_sync(buf, 'textDocument/completion',
    { textDocument = doc, position = { line = 9, character = 13 } }, 10000))
  local labels = {}
  for _, item in ipairs((completion and (completion.items or completion)) or {}) do table.insert(labels, item.label) end
  local definition = first(vim.lsp.buf_request_sync(buf, 'textDocument/definition',
    { textDocument = doc, position = { line = 9, character = 12 } }, 10000))
  if definition and definition[1] then definition = definition[1] end
  finish({ file = name, timedOut = not ok, diagnostics = diags, completion = labels,
    definition = definition and definition.range and definition.range.start or vim.NIL }, ok and 0 or 2)
end })
