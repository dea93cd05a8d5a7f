"""``grade check``'s proofs that a problem file is sound: mutation check (:mod:`.mutants`),
tolerance lint (:mod:`.tolerance`), declared mistakes (:mod:`.mistakes`), per problem (:mod:`.prove`)."""
