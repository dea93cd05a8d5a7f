from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_r = resolve('r')
    l_0_a = l_0_labels = missing
    try:
        t_1 = environment.filters['clip']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'clip' found.")
    try:
        t_2 = environment.filters['grid']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'grid' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['points']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'points' found.")
    try:
        t_5 = environment.filters['short']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'short' found.")
    try:
        t_6 = environment.filters['truncate_lines']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'truncate_lines' found.")
    try:
        t_7 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    try:
        t_8 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<!DOCTYPE html>\n'
    l_0_a = environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'assignment')
    context.vars['a'] = l_0_a
    context.exported_vars.add('a')
    l_0_labels = {'passed': 'passed', 'partial': 'partial', 'failed': 'failed', 'error': 'error', 'not_gradable': 'not gradable', 'not_run': 'not run', 'invalid': 'invalid', 'ungraded': 'not graded'}
    context.vars['labels'] = l_0_labels
    context.exported_vars.add('labels')
    yield '<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>'
    yield escape(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'title'))
    yield ': '
    yield escape(t_4(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total')))
    yield '/'
    yield escape(t_4(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')))
    yield '</title>\n<style>\n  body { font: 15px/1.45 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }\n  h1 { font-size: 1.4rem; margin-bottom: .2rem; }\n  .meta { color: #59636e; font-size: .85rem; }\n  table.summary { border-collapse: collapse; width: 100%; margin: 1rem 0; }\n  table.summary td, table.summary th { border-bottom: 1px solid #d1d9e0; padding: .3rem .5rem; text-align: left; }\n  td.score { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n  .status { font-weight: 600; border-radius: .3rem; padding: 0 .4rem; font-size: .8rem; }\n  .passed { background: #dafbe1; color: #116329; } .partial { background: #fff8c5; color: #7d4e00; }\n  .failed, .error, .not_gradable, .invalid { background: #ffebe9; color: #a40e26; }\n  .not_run, .ungraded { background: #eff2f5; color: #59636e; }\n  details { margin: .6rem 0; border: 1px solid #d1d9e0; border-radius: .4rem; padding: .4rem .8rem; }\n  summary { cursor: pointer; font-weight: 600; }\n  pre { background: #f6f8fa; padding: .5rem; overflow-x: auto; font-size: .85rem; }\n  table.grid { border-collapse: collapse; font-family: ui-monospace, monospace; font-size: .85rem; margin: .3rem 1rem .3rem 0; display: inline-table; }\n  table.grid td { border: 1px solid #d1d9e0; padding: .1rem .35rem; text-align: right; }\n  table.grid td.bad { background: #ffebe9; font-weight: 700; }\n  .hint { border-left: 3px solid #0969da; padding-left: .6rem; color: #0a3069; }\n  .note { color: #7d4e00; }\n</style>\n</head>\n<body>\n<h1>'
    yield escape(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'title'))
    yield ' <span class="meta">('
    yield escape(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'name'))
    yield ')</span></h1>\n<p class="meta">Score <strong>'
    yield escape(t_4(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'total')))
    yield '/'
    yield escape(t_4(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'max_total')))
    yield '</strong> · submission <code>'
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'submission'), 'path'))
    yield '</code> (sha256 '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'submission'), 'sha256')[:12])
    yield ') · grader '
    yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'grader'), 'version'))
    if context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'level'):
        pass
        yield ' · isolation '
        yield escape(context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'isolation'), 'get'), 'level'))
    yield '</p>\n'
    if (not context.call(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'get'), 'ok', True)):
        pass
        yield '<p class="status failed">Your module could not be imported, so no problem could be graded: '
        yield escape(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'detail'))
        yield '</p>\n'
        if (environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error') and environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error'), 'traceback')):
            pass
            yield '<pre>'
            yield escape(environment.getattr(environment.getattr(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'imported'), 'error'), 'traceback'))
            yield '</pre>'
    yield '<table class="summary">\n<thead><tr><th>Problem</th><th>Status</th><th>Score</th><th>Notes</th></tr></thead>\n<tbody>\n'
    for l_1_p in environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems'):
        _loop_vars = {}
        pass
        yield '<tr><td><code>'
        yield escape(environment.getattr(l_1_p, 'id'))
        yield '</code></td><td><span class="status '
        yield escape(environment.getattr(l_1_p, 'status'))
        yield '">'
        yield escape(environment.getitem((undefined(name='labels') if l_0_labels is missing else l_0_labels), environment.getattr(l_1_p, 'status')))
        yield '</span></td><td class="score">'
        yield escape(t_4(environment.getattr(l_1_p, 'score')))
        yield '/'
        yield escape(t_4(environment.getattr(l_1_p, 'max_score')))
        yield '</td><td>'
        yield escape((t_5(environment.getitem(environment.getattr(l_1_p, 'messages'), 0), 120) if environment.getattr(l_1_p, 'messages') else ''))
        yield '</td></tr>\n'
    l_1_p = missing
    yield '</tbody>\n</table>\n'
    def t_9(fiter):
        for l_1_p in fiter:
            if ((environment.getattr(l_1_p, 'status') in ('failed', 'partial', 'error', 'ungraded', 'invalid')) and (not ((environment.getattr(l_1_p, 'cases') and environment.getattr(environment.getitem(environment.getattr(l_1_p, 'cases'), 0), 'error')) and (environment.getattr(environment.getattr(environment.getitem(environment.getattr(l_1_p, 'cases'), 0), 'error'), 'type') in ('MissingName', 'NotCallable'))))):
                yield l_1_p
    l_1_loop = missing
    for l_1_p, l_1_loop in LoopContext(t_9(environment.getattr((undefined(name='r') if l_0_r is missing else l_0_r), 'problems')), undefined):
        _loop_vars = {}
        pass
        yield '<details'
        if environment.getattr(l_1_loop, 'first'):
            pass
            yield ' open'
        yield '>\n<summary><code>'
        yield escape(environment.getattr(l_1_p, 'id'))
        yield '</code>: '
        yield escape(t_4(environment.getattr(l_1_p, 'score')))
        yield '/'
        yield escape(t_4(environment.getattr(l_1_p, 'max_score')))
        yield '</summary>\n'
        def t_10(fiter):
            for l_2_c in fiter:
                if ((environment.getattr(l_2_c, 'status') not in ('passed', 'not_run')) and (not context.call(environment.getattr(environment.getattr(l_2_c, 'message'), 'startswith'), 'not run'))):
                    yield l_2_c
        l_2_loop = missing
        for l_2_c, l_2_loop in LoopContext(t_10(environment.getattr(l_1_p, 'cases')), undefined):
            _loop_vars = {}
            pass
            yield '<p>'
            if (t_3(environment.getattr(l_1_p, 'cases')) > 1):
                pass
                yield '<strong>'
                yield escape(environment.getattr(l_2_c, 'name'))
                yield '</strong>: '
            yield escape(environment.getattr(l_2_c, 'message'))
            yield '</p>\n'
            if (t_7(environment.getattr(environment.getattr(l_2_c, 'details'), 'mask')) and (not t_8(environment.getattr(l_2_c, 'observed')))):
                pass
                yield '<table class="grid"><caption>got</caption>\n'
                for l_3_row in t_2(environment.getattr(l_2_c, 'observed'), environment.getattr(environment.getattr(l_2_c, 'details'), 'mask')):
                    _loop_vars = {}
                    pass
                    yield '<tr>'
                    for (l_4_cell, l_4_bad) in l_3_row:
                        _loop_vars = {}
                        pass
                        yield '<td'
                        if l_4_bad:
                            pass
                            yield ' class="bad"'
                        yield '>'
                        yield escape(l_4_cell)
                        yield '</td>'
                    l_4_cell = l_4_bad = missing
                    yield '</tr>\n'
                l_3_row = missing
                yield '</table>\n<table class="grid"><caption>expected</caption>\n'
                for l_3_row in t_2(environment.getattr(l_2_c, 'expected')):
                    _loop_vars = {}
                    pass
                    yield '<tr>'
                    for (l_4_cell, l_4_bad) in l_3_row:
                        _loop_vars = {}
                        pass
                        yield '<td>'
                        yield escape(l_4_cell)
                        yield '</td>'
                    l_4_cell = l_4_bad = missing
                    yield '</tr>\n'
                l_3_row = missing
                yield '</table>\n'
            if t_7(environment.getattr(environment.getattr(l_2_c, 'details'), 'pointer')):
                pass
                yield '<pre>'
                yield escape(environment.getattr(environment.getattr(l_2_c, 'details'), 'pointer'))
                yield '</pre>'
            if t_7(environment.getattr(environment.getattr(l_2_c, 'details'), 'parsed')):
                pass
                yield '<p>Your answer, as parsed: <code>'
                yield escape(environment.getattr(environment.getattr(l_2_c, 'details'), 'parsed'))
                yield '</code></p>'
            if (t_7(environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample')) and environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample')):
                pass
                yield '<p>Counterexample: '
                l_3_loop = missing
                for (l_3_k, l_3_v), l_3_loop in LoopContext(context.call(environment.getattr(environment.getattr(environment.getattr(l_2_c, 'details'), 'counterexample'), 'items'), _loop_vars=_loop_vars), undefined):
                    _loop_vars = {}
                    pass
                    yield '<code>'
                    yield escape(l_3_k)
                    yield ' = '
                    yield escape(l_3_v)
                    yield '</code>'
                    yield escape((', ' if (not environment.getattr(l_3_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 61 in 'html.j2' evaluated to false and no else section was defined.")))
                l_3_loop = l_3_k = l_3_v = missing
                yield '</p>\n'
            if (environment.getattr(l_2_c, 'error') and environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback')):
                pass
                yield '<pre>'
                yield escape(t_6(environment.getattr(environment.getattr(l_2_c, 'error'), 'traceback'), 14))
                yield '</pre>'
            for l_3_n in environment.getattr(l_2_c, 'notes'):
                _loop_vars = {}
                pass
                yield '<p class="note">Note: '
                yield escape(l_3_n)
                yield '</p>'
            l_3_n = missing
            for l_3_f in environment.getattr(l_2_c, 'feedback'):
                _loop_vars = {}
                pass
                yield '<p class="hint">'
                yield escape(l_3_f)
                yield '</p>'
            l_3_f = missing
            if environment.getattr(l_2_c, 'stdout'):
                pass
                yield '<details><summary>stdout</summary><pre>'
                yield escape(t_1(environment.getattr(l_2_c, 'stdout'), 4000))
                yield '</pre></details>'
        l_2_loop = l_2_c = missing
        yield '</details>\n'
    l_1_loop = l_1_p = missing
    yield '</body>\n</html>\n'

blocks = {}
debug_info = '2=62&3=65&8=69&31=75&32=79&33=93&34=96&35=98&40=104&41=108&45=122&46=131&47=135&48=141&49=150&50=157&52=160&55=178&58=192&59=197&60=202&61=206&63=217&64=222&65=229&66=236'