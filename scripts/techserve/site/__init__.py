"""The MkDocs adapter: hands the generated pages to MkDocs; `techserve build` and `serve` drive it."""
